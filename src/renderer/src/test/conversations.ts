import type { Message } from '../../../shared/contract/schemas/chat'
import type { StoredConversation } from '../../../shared/contract/schemas/conversations'

/** A stored conversation for tests, with overrides. */
export function conversation(
  id: string,
  overrides: Partial<StoredConversation> = {},
): StoredConversation {
  return {
    id,
    title: `Title ${id}`,
    pinned: false,
    createdAt: 1,
    updatedAt: 1,
    systemPrompt: null,
    sampling: null,
    model: null,
    ...overrides,
  }
}

/** A finished message of conversation c1 (a reply is done, a user message has no finish reason). */
export function message(
  id: string,
  role: Message['role'],
  text: string,
  parentId: string | null,
): Message {
  return {
    id,
    conversationId: 'c1',
    role,
    text,
    parentId,
    createdAt: 1,
    finishReason: role === 'assistant' ? 'done' : null,
    stats: null,
  }
}
