import type { AppStatus } from '../../../../shared/contract/schemas/status'
import { useModels, useSettings, useStatus } from '../../stores/stores-context'
import { ApiActivity } from './ApiActivity'
import { Button } from '../../ui/Button'

/** Which model runs, on which backend, with how many layers on the GPU, and any notice. */
export function StatusLine() {
  const status = useStatus((state) => state.status)
  const openModelsScreen = useModels((state) => state.openScreen)
  const closeSettings = useSettings((state) => state.closeScreen)
  const openModels = () => {
    closeSettings()
    openModelsScreen()
  }
  return (
    <footer className="status-line" data-testid="status-line">
      {status === null ? (
        <span>Connecting to Hearth…</span>
      ) : (
        <>
          <span data-testid="status-model" className="status-model">
            {describeModel(status)}
          </span>
          <span data-testid="status-engine">
            {status.endpoint ? `on ${status.endpoint}` : 'on this computer'}
          </span>
          {status.backend && (
            <span data-testid="status-backend" title={status.gpuName ?? undefined}>
              {status.backend}
              {status.gpuName ? ` (${status.gpuName})` : ''}
            </span>
          )}
          {status.state === 'ready' && (
            <span data-testid="status-gpu-layers">
              {status.gpuLayers}/{status.totalLayers} layers on GPU
            </span>
          )}
          {status.notice && (
            <span className="status-notice" data-testid="status-notice">
              {status.notice}
            </span>
          )}
        </>
      )}
      <ApiActivity />
      <Button
        variant="link"
        className="status-models"
        data-testid="models-open"
        onClick={openModels}
      >
        Models
      </Button>
    </footer>
  )
}

function describeModel(status: AppStatus): string {
  switch (status.state) {
    case 'no-model':
      return 'No model'
    case 'loading':
      return `Loading ${status.modelName ?? 'model'}…`
    case 'ready':
      return status.modelName ?? 'Model ready'
    case 'error':
      return `${status.modelName ?? 'Model'} failed to load`
    default:
      return status.state satisfies never
  }
}
