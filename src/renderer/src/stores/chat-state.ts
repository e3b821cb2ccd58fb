import type { AppError } from '../../../shared/contract/errors'
import type {
  ChatDelta,
  ChatDone,
  FinishReason,
  ReplyStats,
  Role,
} from '../../../shared/contract/schemas/chat'

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
}

/** The reply being streamed into the view. */
export interface ActiveGeneration {
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
export interface EarlyEvents {
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
}
