import { useConversations } from '../../stores/stores-context'
import { DismissButton } from '../../ui/DismissButton'

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
          <DismissButton label="Dismiss notice" onDismiss={() => dismiss(index)} />
        </div>
      ))}
    </>
  )
}
