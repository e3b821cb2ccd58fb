import type { AppStatus } from '../../../../shared/contract/schemas/status'
import { formatBytes } from '../../../../shared/format-bytes'

/** Where the model runs: backend, GPU, layers on the GPU, VRAM, and the engine's own notice. */
export function GpuStatus({ status }: { status: AppStatus }) {
  const vram =
    status.vramUsedBytes !== null && status.vramTotalBytes !== null
      ? `${formatBytes(status.vramUsedBytes)} of ${formatBytes(status.vramTotalBytes)} VRAM in use`
      : null
  return (
    <div className="gpu-status" data-testid="gpu-status">
      <dl>
        <dt>Runs on</dt>
        <dd data-testid="gpu-backend">
          {status.backend ?? '—'}
          {status.gpuName ? ` (${status.gpuName})` : ''}
        </dd>
        {status.state === 'ready' && (
          <>
            <dt>Layers on the GPU</dt>
            <dd data-testid="gpu-layers">
              {status.gpuLayers} of {status.totalLayers}
            </dd>
          </>
        )}
        {vram && (
          <>
            <dt>GPU memory</dt>
            <dd data-testid="gpu-vram">{vram}</dd>
          </>
        )}
      </dl>
      {status.notice && (
        <p className="status-notice" data-testid="gpu-notice">
          {status.notice}
        </p>
      )}
      {status.state === 'error' && status.error && (
        <p className="form-error" role="alert">
          {status.error.message}
        </p>
      )}
    </div>
  )
}
