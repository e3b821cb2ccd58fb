import type { StoredMessage } from '../../../shared/contract/schemas/conversations'

// The branch a conversation shows is the store's business (store/branches.ts); these shape it for the model.

/**
 * The turns the model sees, each with the id of its message: replies that failed or came back empty
 * never reached the user as answers.
 */
export function promptTurns(
  thread: readonly StoredMessage[],
): { role: 'user' | 'assistant'; text: string; id: string }[] {
  return thread
    .filter(
      (message) =>
        message.role === 'user' || (message.finishReason !== 'error' && message.text.length > 0),
    )
    .map((message) => ({ role: message.role, text: message.text, id: message.id }))
}

/** A first title from the user's opening message, until the model suggests a better one. */
export function titleFrom(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim()
  return oneLine.length > 60 ? `${oneLine.slice(0, 57)}…` : oneLine
}
