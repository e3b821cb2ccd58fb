import type { Conversation, Message } from '../../../shared/contract/schemas/chat'
import type { ChatTurn } from '../engine/engine'

/**
 * Where the chat service keeps conversations. The foundation keeps them in memory; the SQLite store
 * implements the same interface so the chat service does not change when history moves to disk.
 */
export interface ConversationHistory {
  createConversation(conversation: Conversation): void
  getConversation(id: string): Conversation | null
  listMessages(conversationId: string): Message[]
  addMessage(message: Message): void
  touchConversation(id: string, updatedAt: number): void
}

/** Keeps history for the life of the process only. */
export class InMemoryHistory implements ConversationHistory {
  readonly #conversations = new Map<string, Conversation>()
  readonly #messages = new Map<string, Message[]>()

  createConversation(conversation: Conversation): void {
    this.#conversations.set(conversation.id, conversation)
    this.#messages.set(conversation.id, [])
  }

  getConversation(id: string): Conversation | null {
    return this.#conversations.get(id) ?? null
  }

  listMessages(conversationId: string): Message[] {
    return [...(this.#messages.get(conversationId) ?? [])]
  }

  addMessage(message: Message): void {
    const list = this.#messages.get(message.conversationId)
    if (list === undefined) throw new Error(`No conversation ${message.conversationId}`)
    list.push(message)
  }

  touchConversation(id: string, updatedAt: number): void {
    const conversation = this.#conversations.get(id)
    if (conversation !== undefined) this.#conversations.set(id, { ...conversation, updatedAt })
  }
}

/**
 * The turns the model sees: replies that failed or came back empty are left out, since they never
 * reached the user as an answer.
 */
export function toChatTurns(messages: readonly Message[]): ChatTurn[] {
  return messages
    .filter(
      (message) =>
        message.role === 'user' || (message.finishReason !== 'error' && message.text.length > 0),
    )
    .map((message) => ({ role: message.role, text: message.text }))
}

/** A first title from the user's opening message, until a better one is made. */
export function titleFrom(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim()
  return oneLine.length > 60 ? `${oneLine.slice(0, 57)}…` : oneLine
}
