import { Composer } from './Composer'
import { MessageList } from './MessageList'

/** The conversation and the box to continue it. */
export function ChatView() {
  return (
    <section className="chat-view" aria-label="Chat">
      <MessageList />
      <Composer />
    </section>
  )
}
