import { useApiServer, useStores } from '../../stores/stores-context'
import { Button } from '../../ui/Button'

/**
 * Shown in the status line while programs use the model through the API server: the window shares
 * the engine with them, so the user sees why a reply waits, and can stop them.
 */
export function ApiActivity() {
  const stores = useStores()
  const requests = useApiServer((state) => state.status?.requests ?? 0)
  if (requests === 0) return null
  return (
    <span className="status-api" data-testid="status-api">
      {requests === 1 ? 'An API request is running' : `${requests} API requests in progress`}{' '}
      <Button
        variant="link"
        data-testid="status-api-stop"
        onClick={() => void stores.apiServer.getState().stopRequests()}
      >
        Stop
      </Button>
    </span>
  )
}
