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
