import { useEffect, useRef } from 'react'
import { useChat, useStores } from '../../stores/stores-context'
import { MessageItem } from './MessageItem'

// Within this many pixels of the bottom the list follows new text; further up, the user is reading.
const STICK_PX = 48

/** The conversation's messages; re-renders only when a message is added or removed. */
export function MessageList() {
  const ids = useChat((state) => state.messageIds)
  const { chat } = useStores()
  const ref = useRef<HTMLDivElement>(null)
  const stick = useRef(true)

  // Follows streamed text without re-rendering the list: scrolls on store changes directly.
  useEffect(() => {
    const follow = () => {
      const el = ref.current
      if (el && stick.current) el.scrollTop = el.scrollHeight
    }
    follow()
    return chat.subscribe((state, previous) => {
      if (state.messages !== previous.messages) requestAnimationFrame(follow)
      const target = state.highlightedId
      if (target !== null && target !== previous.highlightedId) {
        // Reading a found message: stop following the bottom, then bring the message into view
        // after the frame in which a freshly opened conversation scrolls down.
        stick.current = false
        requestAnimationFrame(() => {
          const items = ref.current?.querySelectorAll<HTMLElement>('[data-message-id]') ?? []
          const item = [...items].find((el) => el.dataset['messageId'] === target)
          item?.scrollIntoView?.({ block: 'center' })
        })
      }
    })
  }, [chat])

  const onScroll = () => {
    const el = ref.current
    if (el) stick.current = el.scrollHeight - el.scrollTop - el.clientHeight < STICK_PX
  }

  return (
    <div className="message-list" ref={ref} onScroll={onScroll} role="log" aria-live="polite">
      {ids.length === 0 ? (
        <p className="empty-chat">
          Ask anything. The model runs on this computer; nothing leaves it.
        </p>
      ) : (
        ids.map((id) => <MessageItem key={id} id={id} />)
      )}
    </div>
  )
}
