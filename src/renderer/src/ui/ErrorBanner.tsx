/** The window-wide error banner (transport down, status unreadable). */
export function ErrorBanner({ message }: { message: string }) {
  return (
    <div className="app-error" data-testid="app-error" role="alert">
      {message}
    </div>
  )
}
