import type { DownloadPhase, DownloadStatus } from '../../../../shared/contract/schemas/models'
import { useModels } from '../../stores/stores-context'
import { formatBytes } from '../../../../shared/format-bytes'
import { formatEta, formatSpeed } from './format'
import { Button } from '../../ui/Button'

const PHASE_LABEL: Record<DownloadPhase, string> = {
  checking: 'Checking',
  verifying: 'Verifying',
  downloading: 'Downloading',
  paused: 'Paused',
  done: 'Downloaded and verified',
  error: 'Failed',
  cancelled: 'Cancelled',
}

/** One download: a bar with bytes, speed and time left, and Pause / Resume / Cancel. */
export function DownloadProgress({ download }: { download: DownloadStatus }) {
  const pause = useModels((state) => state.pause)
  const resume = useModels((state) => state.resume)
  const cancel = useModels((state) => state.cancel)
  const { phase, bytesDone, totalBytes } = download
  const running = phase === 'checking' || phase === 'verifying' || phase === 'downloading'
  const canResume = phase === 'paused' || phase === 'error'
  const total = totalBytes ?? 0

  return (
    <div
      className="download"
      data-testid="download-progress"
      data-phase={phase}
      data-download-id={download.downloadId}
    >
      <div className="download-head">
        <strong>{download.name}</strong>
        <span className="download-phase">{PHASE_LABEL[phase]}</span>
      </div>
      <progress
        className="download-bar"
        max={total > 0 ? total : 1}
        value={total > 0 ? Math.min(bytesDone, total) : 0}
        aria-label={`${download.name}: ${PHASE_LABEL[phase]}`}
      />
      <div className="download-figures">
        <span data-testid="download-bytes">
          {formatBytes(bytesDone)}
          {totalBytes !== null ? ` of ${formatBytes(totalBytes)}` : ''}
        </span>
        <span data-testid="download-speed">
          {running ? formatSpeed(download.bytesPerSecond) : '—'}
        </span>
        <span data-testid="download-eta">{running ? formatEta(download.secondsLeft) : '—'}</span>
      </div>
      {download.notice && (
        <p className="download-notice" role="status" data-testid="download-notice">
          {download.notice}
        </p>
      )}
      {download.error && (
        <p className="form-error" role="alert">
          {download.error.message}
        </p>
      )}
      <div className="download-actions">
        {running && (
          <Button data-testid="pause-button" onClick={() => void pause(download.downloadId)}>
            Pause
          </Button>
        )}
        {canResume && (
          <Button
            variant="primary"
            data-testid="resume-button"
            onClick={() => void resume(download.downloadId)}
          >
            Resume
          </Button>
        )}
        {(running || canResume) && (
          <Button data-testid="cancel-button" onClick={() => void cancel(download.downloadId)}>
            Cancel
          </Button>
        )}
      </div>
    </div>
  )
}
