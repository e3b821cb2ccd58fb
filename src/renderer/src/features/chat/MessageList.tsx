import { useRef } from 'react'
import { useChat, useStores } from '../../stores/stores-context'
import { MessageItem } from './MessageItem'
import { useListScroll } from './use-list-scroll'
import { Button } from '../../ui/Button'

/**
 * The conversation's messages, a page at a time: older pages load as the user scrolls up (or with
 * the button at the top), and "Jump to latest" appears once they are not at the newest message.
 * The list re-renders only when a message is added or removed.
 */
export function MessageList() {
  const ids = useChat((state) => state.messageIds)
  const hasOlder = useChat((state) => state.olderCursor !== null)
  const hasNewer = useChat((state) => state.newerCursor !== null)
  const loading = useChat((state) => state.loadingPage)
  const { chat } = useStores()
  const ref = useRef<HTMLDivElement>(null)
  const { atBottom, onScroll, jumpToLatest } = useListScroll(ref, chat)

  return (
    <div className="message-list-frame">
      <div
        className="message-list"
        ref={ref}
        onScroll={onScroll}
        role="log"
        aria-live="polite"
        aria-label="Messages"
        aria-busy={loading !== null}
        data-testid="message-list"
      >
        {hasOlder && (
          <PageButton
            label={loading === 'older' ? 'Loading earlier messages…' : 'Show earlier messages'}
            testId="load-older"
            onClick={() => void chat.getState().loadOlder()}
          />
        )}
        {ids.length === 0 ? (
          <p className="empty-chat">
            Ask anything. The model runs on this computer; nothing leaves it.
          </p>
        ) : (
          ids.map((id) => <MessageItem key={id} id={id} />)
        )}
        {hasNewer && (
          <PageButton
            label={loading === 'newer' ? 'Loading later messages…' : 'Show later messages'}
            testId="load-newer"
            onClick={() => void chat.getState().loadNewer()}
          />
        )}
      </div>
      {ids.length > 0 && (!atBottom || hasNewer) && (
        <Button className="jump-latest" data-testid="jump-to-latest" onClick={jumpToLatest}>
          Jump to latest <span aria-hidden="true">↓</span>
        </Button>
      )}
    </div>
  )
}

function PageButton(props: { label: string; testId: string; onClick: () => void }) {
  return (
    <div className="page-button">
      <Button variant="link" data-testid={props.testId} onClick={props.onClick}>
        {props.label}
      </Button>
    </div>
  )
}
