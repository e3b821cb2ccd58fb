import type { KeyValueStorage } from '../../stores/last-conversation'
import type { LastQuick } from './quick-rules'

/** Where the quick prompt keeps its last conversation, so a reload or a new window applies the rule. */
const LAST_QUICK_KEY = 'hearth.lastQuick'

/** The last quick conversation, or null when none is kept (or what is kept is not ours). */
export function readLastQuick(storage: KeyValueStorage): LastQuick | null {
  try {
    const raw = storage.getItem(LAST_QUICK_KEY)
    if (raw === null) return null
    const value: unknown = JSON.parse(raw)
    if (typeof value !== 'object' || value === null) return null
    const conversationId: unknown = Reflect.get(value, 'conversationId')
    const usedAt: unknown = Reflect.get(value, 'usedAt')
    if (typeof conversationId !== 'string' || typeof usedAt !== 'number') return null
    return { conversationId, usedAt }
  } catch {
    return null
  }
}

/** Records that the quick prompt used `conversationId` at `usedAt`. */
export function writeLastQuick(storage: KeyValueStorage, last: LastQuick): void {
  try {
    storage.setItem(LAST_QUICK_KEY, JSON.stringify(last))
  } catch {
    // Storage full or off: the next quick prompt simply starts a new conversation.
  }
}
