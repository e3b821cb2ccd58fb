/** The composer's element id (Composer.tsx). */
const COMPOSER_ID = 'composer-input'

/**
 * Puts the cursor back in the composer after an action (send, stop, edit, switch, copy, delete…),
 * after the frame in which the action's result renders, so the next key goes where the user expects.
 */
export function focusComposer(): void {
  requestAnimationFrame(() => document.getElementById(COMPOSER_ID)?.focus())
}
