import type { Result } from '../../../shared/contract/result'
import type { StoredMessage } from '../../../shared/contract/schemas/conversations'
import type { HistoryStore } from '../store/history-store'
import { titleFrom } from '../chat/active-branch'
import type { FinishedCompletion } from './chat-completion'

/**
 * Writes a finished API exchange into the history as a conversation of its own, titled from the
 * user's last message and marked as coming from the API. Only when the user asked for it (the
 * setting is off by default): a program's requests are not the user's conversations.
 */
export function keepApiExchange(
  store: HistoryStore,
  finished: FinishedCompletion,
  model: string,
): Result<string> {
  const { history } = finished.request
  const last = history.at(-1)
  const created = store.createConversation({ title: `API: ${titleFrom(last?.text ?? model)}` })
  if (!created.ok) return created
  const conversationId = created.value.id
  let parentId: string | null = null
  for (const turn of [...history, { role: 'assistant' as const, text: finished.text }]) {
    const saved: Result<StoredMessage> =
      turn.role === 'user'
        ? store.addUserMessage({ conversationId, text: turn.text, parentId })
        : store.beginReply({ conversationId, parentId, text: turn.text })
    if (!saved.ok) return saved
    if (turn.role === 'assistant') {
      const done = store.finishReply(saved.value.id, {
        finishReason: finished.outcome.stopReason === 'length' ? 'length' : 'done',
      })
      if (!done.ok) return done
    }
    parentId = saved.value.id
  }
  if (parentId !== null) store.setActiveMessage(conversationId, parentId)
  return { ok: true, value: conversationId }
}
