import { ChatToolbar } from './ChatToolbar'
import { Composer } from './Composer'
import { MessageList } from './MessageList'
import { MessageUndoToast } from './MessageUndoToast'

/** The conversation and the box to continue it. */
export function ChatView() {
  return (
    <section className="chat-view" aria-label="Chat">
      <ChatToolbar />
      <MessageList />
      <MessageUndoToast />
      <Composer />
    </section>
  )
}
