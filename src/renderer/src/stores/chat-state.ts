import type { AppError } from '../../../shared/contract/errors'
import type {
  ChatDelta,
  ChatDone,
  Conversation,
  ConversationContext,
  FinishReason,
  ReplyStats,
  Role,
} from '../../../shared/contract/schemas/chat'
import type { ReplyGeneration } from '../../../shared/contract/schemas/conversations'

/** One message as the chat view shows it. */
export interface ChatMessage {
  id: string
  role: Role
  text: string
  finishReason: FinishReason | null
  stats: ReplyStats | null
  /** Why the reply failed (for example EMPTY_REPLY); not stored by main, so kept only here. */
  error: AppError | null
  streaming: boolean
  /** How a reply was made (model, settings, context); null until main has recorded it. */
  generation?: ReplyGeneration | null
}

/** A message deletion the user can still undo. */
interface PendingMessageDelete {
  undoId: string
  conversationId: string
  deleted: number
  undoMs: number
}

/** The reply being streamed into the view. */
interface ActiveGeneration {
  /** Null while `chat.send` has not answered yet. */
  id: string | null
  /** The message the deltas go to (a local id until `chat.send` answers). */
  assistantMessageId: string
  /** The `seq` the next delta must carry. */
  nextSeq: number
  /**
   * False after a seq gap or a reconnect: the reloaded text cannot be matched to a seq (the
   * contract does not say where it ends), so live deltas are ignored and `chat.done` brings the
   * final text.
   */
  synced: boolean
}

/** Events that arrived before `chat.send` told us their generation id. */
interface EarlyEvents {
  deltas: ChatDelta[]
  done: ChatDone | null
}

/** The chat store's data; actions live in chat-store.ts. */
export interface ChatData {
  conversationId: string | null
  /** Order of messages; a separate array so the list re-renders only when one is added. */
  messageIds: string[]
  messages: Record<string, ChatMessage>
  generation: ActiveGeneration | null
  early: Record<string, EarlyEvents>
  /** The composer's text: kept here so a failed send can give it back. */
  draft: string
  /** A failure to show above the composer (send or stop refused). */
  error: string | null
  /** The message a search result led to, marked for a moment. */
  highlightedId: string | null
  /** Cursor for the page of older messages (`before`); null when the first message is in view. */
  olderCursor: string | null
  /**
   * Cursor for the page of newer messages (`after`), while a page opened around a search hit does
   * not reach the newest message; null when it is in view.
   */
  newerCursor: string | null
  /** A page being read, so scrolling asks for each page once. */
  loadingPage: 'older' | 'newer' | null
  /** The open conversation's record (its own system prompt and sampling); null for a new chat. */
  conversation: Conversation | null
  /** Messages with alternatives: id → every sibling's id (itself included), oldest first. */
  branches: Record<string, string[]>
  /** Tokens used of the context, and where older messages fell out of the model's view. */
  context: ConversationContext | null
  /** The user message being edited in place, if any. */
  editingId: string | null
  /** A deleted message (with what followed) that Undo can bring back. */
  pendingDelete: PendingMessageDelete | null
  /** A short confirmation to show (for example "Reply copied."). */
  notice: string | null
}

/** A fresh, empty conversation. */
export const initialChatData: ChatData = {
  conversationId: null,
  messageIds: [],
  messages: {},
  generation: null,
  early: {},
  draft: '',
  error: null,
  highlightedId: null,
  olderCursor: null,
  newerCursor: null,
  loadingPage: null,
  conversation: null,
  branches: {},
  context: null,
  editingId: null,
  pendingDelete: null,
  notice: null,
}
