import { useVirtualizer } from '@tanstack/react-virtual'
import { useMemo, useRef } from 'react'
import type { StoredConversation } from '../../../../shared/contract/schemas/conversations'
import { useChat, useConversations } from '../../stores/stores-context'
import { ConversationRow, ROW_HEIGHT } from './ConversationRow'

const HEADER_HEIGHT = 28

type Item =
  | { kind: 'header'; key: string; label: string }
  | { kind: 'row'; key: string; conversation: StoredConversation }

/** Section headers and rows in main's order: a "Pinned" section first when anything is pinned. */
function listItems(conversations: StoredConversation[]): Item[] {
  const pinned = conversations.filter((c) => c.pinned)
  if (pinned.length === 0) {
    return conversations.map((c) => ({ kind: 'row', key: c.id, conversation: c }))
  }
  const rest = conversations.filter((c) => !c.pinned)
  const row = (c: StoredConversation): Item => ({ kind: 'row', key: c.id, conversation: c })
  return [
    { kind: 'header', key: 'header-pinned', label: 'Pinned' },
    ...pinned.map(row),
    ...(rest.length > 0
      ? [{ kind: 'header', key: 'header-recent', label: 'Recent' } as const, ...rest.map(row)]
      : []),
  ]
}

/**
 * The conversation list, virtualised: only the rows in view (plus a few) are in the DOM, so ten
 * thousand conversations scroll as smoothly as ten.
 */
export function ConversationList() {
  const conversations = useConversations((state) => state.conversations)
  const loaded = useConversations((state) => state.loaded)
  const activeId = useChat((state) => state.conversationId)
  const items = useMemo(() => listItems(conversations), [conversations])
  const scrollRef = useRef<HTMLDivElement>(null)
  // The compiler skips this component (the virtualizer's functions change identity); the rows are
  // memoised by hand instead, so a scroll re-renders only the slots.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: items.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: (index) => (items[index]?.kind === 'header' ? HEADER_HEIGHT : ROW_HEIGHT),
    getItemKey: (index) => items[index]?.key ?? index,
    overscan: 12,
  })

  return (
    <div className="conversation-list" ref={scrollRef} data-testid="conversation-list">
      {loaded && items.length === 0 && <p className="sidebar-empty">No conversations yet.</p>}
      <div className="conversation-list-inner" style={{ height: virtualizer.getTotalSize() }}>
        {virtualizer.getVirtualItems().map((virtual) => {
          const item = items[virtual.index]
          if (!item) return null
          return (
            <div
              key={virtual.key}
              className="conversation-slot"
              style={{ height: virtual.size, transform: `translateY(${virtual.start}px)` }}
            >
              {item.kind === 'header' ? (
                <h3 className="conversation-section">{item.label}</h3>
              ) : (
                <ConversationRow
                  conversation={item.conversation}
                  active={item.conversation.id === activeId}
                />
              )}
            </div>
          )
        })}
      </div>
    </div>
  )
}
