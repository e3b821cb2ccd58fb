import { useEffect, useState } from 'react'
import { useChat } from '../../stores/stores-context'
import { ContextMeter } from './ContextMeter'
import { ConversationSettingsPanel } from './ConversationSettingsPanel'
import { Button } from '../../ui/Button'

/** How long a confirmation ("Copied as Markdown.") stays. */
const NOTICE_MS = 3_000

/**
 * Above the conversation: the context meter, this conversation's settings (system prompt and
 * sampling) and short confirmations of what the user just did.
 */
export function ChatToolbar() {
  const [open, setOpen] = useState(false)
  const conversationId = useChat((state) => state.conversationId)
  const hasOwnSettings = useChat(
    (state) => state.conversation?.systemPrompt != null || state.conversation?.sampling != null,
  )
  return (
    <div className="chat-toolbar">
      <div className="chat-toolbar-row">
        <ContextMeter />
        <ChatNotice />
        <Button
          className="chat-settings-toggle"
          data-testid="conversation-settings-toggle"
          aria-expanded={open}
          onClick={() => setOpen(!open)}
        >
          {hasOwnSettings ? 'Conversation settings (its own)' : 'Conversation settings'}
        </Button>
      </div>
      {/* Keyed by conversation: another conversation opens with its own values. */}
      {open && (
        <ConversationSettingsPanel key={conversationId ?? 'new'} onClose={() => setOpen(false)} />
      )}
    </div>
  )
}

function ChatNotice() {
  const notice = useChat((state) => state.notice)
  const setNotice = useChat((state) => state.setNotice)
  useEffect(() => {
    if (notice === null) return
    const timer = setTimeout(() => setNotice(null), NOTICE_MS)
    return () => clearTimeout(timer)
  }, [notice, setNotice])
  return (
    <span className="chat-notice" data-testid="chat-notice" role="status">
      {notice}
    </span>
  )
}
