import type { RequestOutput } from '../../../shared/contract/contract'
import { err, ok, type Result } from '../../../shared/contract/result'
import type { ConversationContext } from '../../../shared/contract/schemas/chat'
import type { MessagePage } from '../../../shared/contract/schemas/conversations'
import type { HistoryStore } from '../store/history-store'
import { branchContext } from './reply-settings'

/** How many of the newest messages `conversations.get` returns unless asked for another page. */
const DEFAULT_PAGE = 200

/** How far back from a branch's end its newest recorded context is looked for. */
const CONTEXT_LOOKBACK = 8

export interface ConversationPageInput {
  id: string
  limit?: number | undefined
  before?: string | undefined
  after?: string | undefined
  around?: string | undefined
}

/**
 * `conversations.get`: a page of the conversation's shown branch, with the reply streaming into it
 * (`activeGenerationId`, null when none). A page around a message on another branch switches the
 * conversation to that branch first, unless a reply is streaming.
 */
export function readConversationPage(
  store: HistoryStore,
  input: ConversationPageInput,
  activeGenerationId: string | null,
): Result<RequestOutput<'conversations.get'>> {
  if (input.around !== undefined) {
    const shown = showBranchOf(store, input.id, input.around, activeGenerationId !== null)
    if (!shown.ok) return shown
  }
  const found = store.getBranch(input.id, {
    limit: input.limit ?? DEFAULT_PAGE,
    before: input.before ?? null,
    after: input.after ?? null,
    around: input.around ?? null,
  })
  if (!found.ok) return found
  const { conversation, page, siblings } = found.value
  return ok({
    conversation,
    messages: page.messages,
    hasMore: page.hasMore,
    before: page.before,
    hasNewer: page.hasNewer,
    after: page.after,
    activeGenerationId,
    branches: siblings,
    context: newestContext(store, input.id, page),
  })
}

/** Switches to the branch `messageId` is on, unless it is shown; refused while a reply streams. */
function showBranchOf(
  store: HistoryStore,
  conversationId: string,
  messageId: string,
  streaming: boolean,
): Result<unknown> {
  if (!streaming) return store.showBranchOf(conversationId, messageId)
  if (store.isOnShownBranch(conversationId, messageId)) return ok(undefined)
  return err(
    'BUSY',
    'That message is on another branch, and a reply is still being written. Try again when it ends.',
  )
}

/**
 * The meter and divider belong to the branch's newest reply: from the page when it reaches the
 * branch's end, otherwise from a short read of the newest messages.
 */
function newestContext(
  store: HistoryStore,
  id: string,
  page: MessagePage,
): ConversationContext | null {
  if (!page.hasNewer) return branchContext(page.messages)
  const newest = store.getBranch(id, { limit: CONTEXT_LOOKBACK })
  return newest.ok ? branchContext(newest.value.page.messages) : null
}
