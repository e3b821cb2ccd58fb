import type { RequestOutput } from '../../../shared/contract/contract'
import { ok, type Result } from '../../../shared/contract/result'
import type { StoredConversation } from '../../../shared/contract/schemas/conversations'
import type { Engine } from '../engine/engine'
import type { HistoryStore } from '../store/history-store'
import { promptTurns } from './active-branch'
import type { ReplySettings } from './reply-settings'

export interface ReplyPreparerDeps {
  engine: Engine
  store: HistoryStore
  /** A reply is being written: the engine is busy, nothing to prepare. */
  busy: boolean
  /** The settings a reply in this conversation would get, and its token limit. */
  replySettings: (conversation: StoredConversation) => ReplySettings
  maxTokens: (settings: ReplySettings) => number
  log?: (message: string, detail?: unknown) => void
}

/**
 * `chat.prepare`: hands the engine what the next send in `conversationId` will look like (its shown
 * branch, the draft, the system prompt), so it can restore the conversation's state and evaluate
 * the draft while the user types. Answers at once; the work runs in the engine's idle time and a
 * failure in it only costs the next reply the time it would have saved.
 */
export function prepareReply(
  input: { conversationId: string; draft: string },
  deps: ReplyPreparerDeps,
): Result<RequestOutput<'chat.prepare'>> {
  const { engine, store } = deps
  if (engine.prepare === undefined || deps.busy || engine.getStatus().state !== 'ready')
    return ok({ preparing: false })
  const found = store.getConversation(input.conversationId, { limit: 1 })
  if (!found.ok) return found
  const leaf = store.branchLeaf(input.conversationId)
  const settings = deps.replySettings(found.value.conversation)
  void engine
    .prepare({
      conversationId: input.conversationId,
      history: leaf === null ? [] : promptTurns(store.getThread(leaf)),
      draft: input.draft,
      systemPrompt: settings.systemPrompt,
      maxTokens: deps.maxTokens(settings),
    })
    .catch((cause: unknown) => deps.log?.('Preparing the conversation failed', cause))
  return ok({ preparing: true })
}
