import type { AppStatus } from '../../../../shared/contract/schemas/status'
import { useModels, useModelsFields } from '../../stores/stores-context'
import { AddModelForms } from './AddModelForms'
import { CataloguePicker } from './CataloguePicker'
import { DownloadProgress } from './DownloadProgress'
import { InstalledList } from './InstalledList'
import { ModelsError } from './ModelsError'
import { formatBytes } from '../../../../shared/format-bytes'
import { useModelsLoaded } from './use-models-loaded'
import { Button } from '../../ui/Button'

/**
 * The first thing a new user sees: pick a model (the default and its recommended size are
 * preselected), download it with visible progress, and the chat opens once it has loaded.
 */
export function FirstRunScreen({ status }: { status: AppStatus }) {
  useModelsLoaded()

  const { downloads, installed, catalogue } = useModelsFields('downloads', 'installed', 'catalogue')
  const download = useModels((state) => state.download)
  const { selectedModelId, selectedQuant } = useModelsFields('selectedModelId', 'selectedQuant')
  const visible = Object.values(downloads).filter((d) => d.phase !== 'cancelled')
  const running = visible.some((d) => d.phase !== 'done' && d.phase !== 'error')
  const size = catalogue
    .find((e) => e.id === selectedModelId)
    ?.quants.find((q) => q.quant === selectedQuant)?.approxBytes

  return (
    <section className="first-run" data-testid="first-run" aria-labelledby="first-run-title">
      <h1 id="first-run-title">Welcome to Hearth</h1>
      <p data-testid="no-model-notice">
        No model is installed yet. Choose one to download: it runs on this computer and nothing you
        write leaves it. (You can also start Hearth with{' '}
        <code>HEARTH_MODEL=/path/to/model.gguf</code>.)
      </p>
      <CataloguePicker />
      <Button
        variant="primary"
        data-testid="download-button"
        disabled={selectedQuant === null || running}
        onClick={() => void download()}
      >
        Download{size !== undefined ? ` (${formatBytes(size)})` : ''}
      </Button>
      {visible.map((d) => (
        <DownloadProgress key={d.downloadId} download={d} />
      ))}
      {status.state === 'loading' && (
        <p className="first-run-loading" data-testid="first-run-loading" role="status">
          Loading {status.modelName ?? 'the model'}… The chat opens when it is ready.
        </p>
      )}
      <ModelsError />
      {installed !== null && installed.length > 0 && (
        <>
          <h2>Models on this computer</h2>
          <InstalledList models={installed} />
        </>
      )}
      <details className="first-run-more">
        <summary>Other ways to add a model</summary>
        <AddModelForms />
      </details>
    </section>
  )
}
