import { memo, useState, type KeyboardEvent } from 'react'
import type { StoredConversation } from '../../../../shared/contract/schemas/conversations'
import { useStores } from '../../stores/stores-context'
import { Button } from '../../ui/Button'

/** Fixed row height in px: the virtual list positions rows without measuring them. */
export const ROW_HEIGHT = 40

/**
 * One conversation in the sidebar: click opens it; double-click or the rename button edits the
 * title in place (Enter saves, Esc cancels); pin and delete act at once (delete has an undo toast).
 */
export const ConversationRow = memo(function ConversationRow({
  conversation,
  active,
}: {
  conversation: StoredConversation
  active: boolean
}) {
  const { chat, conversations } = useStores()
  const [editing, setEditing] = useState(false)
  const [draft, setDraft] = useState(conversation.title)
  const title = conversation.title.trim() === '' ? 'New chat' : conversation.title

  const startRename = () => {
    setDraft(conversation.title)
    setEditing(true)
  }
  const save = () => {
    setEditing(false)
    void conversations.getState().rename(conversation.id, draft)
  }
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.nativeEvent.isComposing) return
    if (event.key === 'Enter') {
      event.preventDefault()
      save()
    } else if (event.key === 'Escape') {
      event.preventDefault()
      event.stopPropagation()
      setEditing(false)
    }
  }
  const remove = async () => {
    const wasOpen = chat.getState().conversationId === conversation.id
    const removed = await conversations.getState().remove(conversation.id)
    if (removed && wasOpen) chat.getState().reset()
  }

  return (
    <div
      className={`conversation-row${active ? ' conversation-row-active' : ''}`}
      data-testid="conversation-row"
      data-conversation-id={conversation.id}
      data-pinned={conversation.pinned ? 'true' : 'false'}
      data-quick={conversation.quick === true ? 'true' : 'false'}
      aria-current={active ? 'true' : undefined}
    >
      {editing ? (
        <input
          type="text"
          className="rename-input"
          data-testid="rename-input"
          aria-label="Conversation title"
          value={draft}
          maxLength={200}
          onChange={(event) => setDraft(event.target.value)}
          onKeyDown={onKeyDown}
          onBlur={() => setEditing(false)}
          autoFocus
        />
      ) : (
        <button
          type="button"
          className="conversation-open"
          data-testid="conversation-title"
          title={title}
          onClick={() => void chat.getState().showMessage(conversation.id, null)}
          onDoubleClick={startRename}
        >
          {title}
        </button>
      )}
      {!editing && conversation.quick === true && (
        <span
          className="conversation-quick-mark"
          data-testid="conversation-quick-mark"
          title="Asked from the quick prompt"
        >
          Quick
        </span>
      )}
      {!editing && (
        <span className="conversation-actions">
          <Button
            variant="icon"
            data-testid="rename-button"
            aria-label={`Rename ${title}`}
            title="Rename"
            onClick={startRename}
          >
            ✎
          </Button>
          <Button
            variant="icon"
            data-testid="pin-button"
            aria-label={conversation.pinned ? `Unpin ${title}` : `Pin ${title}`}
            aria-pressed={conversation.pinned}
            title={conversation.pinned ? 'Unpin' : 'Pin'}
            onClick={() =>
              void conversations.getState().setPinned(conversation.id, !conversation.pinned)
            }
          >
            {conversation.pinned ? '★' : '☆'}
          </Button>
          <Button
            variant="icon"
            data-testid="delete-button"
            aria-label={`Delete ${title}`}
            title="Delete"
            onClick={() => void remove()}
          >
            ×
          </Button>
        </span>
      )}
    </div>
  )
})
