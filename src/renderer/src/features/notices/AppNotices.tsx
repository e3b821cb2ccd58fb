import { useConversations } from '../../stores/stores-context'

/** What the history store did at start (a damaged file restored from backup, say), dismissible. */
export function AppNotices() {
  const notices = useConversations((state) => state.notices)
  const dismiss = useConversations((state) => state.dismissNotice)
  if (notices.length === 0) return null
  return (
    <>
      {notices.map((notice, index) => (
        <div
          key={`${notice.kind}-${index}`}
          className="app-notice"
          data-testid="app-notice"
          data-kind={notice.kind}
          role="status"
        >
          <span>{notice.message}</span>
          {notice.damagedFile && (
            <span className="app-notice-detail">
              {' '}
              The damaged file was kept at <code>{notice.damagedFile}</code>.
            </span>
          )}
          <button
            type="button"
            className="link-button"
            aria-label="Dismiss notice"
            onClick={() => dismiss(index)}
          >
            Dismiss
          </button>
        </div>
      ))}
    </>
  )
}
