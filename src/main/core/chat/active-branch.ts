import type { StoredMessage } from '../../../shared/contract/schemas/conversations'

/**
 * The branch the user sees: from the newest message back through its parents. A regenerated reply is
 * a sibling of the one it replaced (same parent), so older alternatives drop out of the view while
 * staying in the store. Messages outside the page (older than it) end the walk.
 */
export function activeBranch(page: readonly StoredMessage[]): StoredMessage[] {
  const byId = new Map(page.map((message) => [message.id, message]))
  const branch: StoredMessage[] = []
  let current = page.at(-1)
  while (current !== undefined) {
    branch.push(current)
    current = current.parentId === null ? undefined : byId.get(current.parentId)
  }
  return branch.reverse()
}

/** The turns the model sees: replies that failed or came back empty never reached the user as answers. */
export function promptTurns(
  thread: readonly StoredMessage[],
): { role: 'user' | 'assistant'; text: string }[] {
  return thread
    .filter(
      (message) =>
        message.role === 'user' || (message.finishReason !== 'error' && message.text.length > 0),
    )
    .map((message) => ({ role: message.role, text: message.text }))
}

/** A first title from the user's opening message, until the model suggests a better one. */
export function titleFrom(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim()
  return oneLine.length > 60 ? `${oneLine.slice(0, 57)}…` : oneLine
}
