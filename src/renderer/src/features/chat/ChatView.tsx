import { useChat } from '../../stores/stores-context'
import { ChatToolbar } from './ChatToolbar'
import { Composer } from './Composer'
import { MessageList } from './MessageList'
import { MessageUndoToast } from './MessageUndoToast'

/** The conversation and the box to continue it. */
export function ChatView() {
  const title = useChat((state) => state.conversation?.title ?? '')
  return (
    <section className="chat-view" aria-label="Chat">
      <h1 className="visually-hidden">{title === '' ? 'New chat' : title}</h1>
      <ChatToolbar />
      <MessageList />
      <MessageUndoToast />
      <Composer />
    </section>
  )
}
