/**
 * Copies text to the clipboard; false when the platform refused. Message text is copied as stored:
 * the Markdown the model wrote.
 *
 * The async Clipboard API first; then the older copy command on a hidden text box, because the
 * Electron shell denies every permission request and check (security.ts), which includes
 * `clipboard-sanitized-write`, while the copy command needs no permission in a user's keypress or
 * click.
 */
export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text)
    return true
  } catch {
    return copyWithCommand(text)
  }
}

function copyWithCommand(text: string): boolean {
  const active = document.activeElement
  const box = document.createElement('textarea')
  box.value = text
  box.setAttribute('readonly', '')
  box.style.position = 'fixed'
  box.style.opacity = '0'
  document.body.append(box)
  box.select()
  let copied: boolean
  try {
    // The fallback where the Clipboard API is refused (a page over plain http): deprecated, but
    // still the only synchronous copy browsers offer.
    // eslint-disable-next-line @typescript-eslint/no-deprecated
    copied = document.execCommand('copy')
  } catch {
    copied = false
  }
  box.remove()
  if (active instanceof HTMLElement) active.focus()
  return copied
}
