import type { HearthClient } from '../transport/client'
import type { ChatData } from './chat-state'

/**
 * How long typing must pause before the draft goes to the core: a steady typist sends one
 * `chat.prepare` per pause, not one per key.
 */
export const PREPARE_PAUSE_MS = 300

/**
 * Tells the core which conversation is open and what the composer holds once typing pauses
 * (`chat.prepare`), so the model restores the conversation and evaluates the draft while the user
 * writes, and the send costs only what is left. Nothing is sent for a new chat (it has no history
 * yet), while a reply streams, or when the draft has not changed since the last time.
 */
export function replyPreparer(
  client: HearthClient,
  later: (task: () => void, ms: number) => () => void,
  get: () => Pick<ChatData, 'conversationId' | 'draft' | 'generation'>,
): { schedule: () => void; cancel: () => void } {
  let cancel: (() => void) | null = null
  let last: { conversationId: string; draft: string } | null = null
  const prepare = () => {
    cancel = null
    const { conversationId, draft, generation } = get()
    if (conversationId === null || generation !== null) return
    const trimmed = draft.trim()
    if (last?.conversationId === conversationId && last.draft === trimmed) return
    last = { conversationId, draft: trimmed }
    // Only a hint: a refusal (the engine busy, a conversation just deleted) needs no answer.
    void client.invoke('chat.prepare', { conversationId, draft: trimmed })
  }
  return {
    schedule() {
      cancel?.()
      cancel = later(prepare, PREPARE_PAUSE_MS)
    },
    /** The draft was sent: preparing it now would only delay the reply. */
    cancel() {
      cancel?.()
      cancel = null
    },
  }
}
