import { useModels, useStatus } from '../../stores/stores-context'
import { AddModelForms } from './AddModelForms'
import { DownloadProgress } from './DownloadProgress'
import { EngineChoice } from './EngineChoice'
import { GpuStatus } from './GpuStatus'
import { InstalledList } from './InstalledList'
import { ModelsError } from './ModelsError'
import { useModelsLoaded } from './use-models-loaded'
import { Screen } from '../../ui/Screen'

/** The models on this computer, downloads in progress, and where the model runs (GPU or CPU). */
export function ModelsScreen() {
  useModelsLoaded()

  const status = useStatus((state) => state.status)
  const installed = useModels((state) => state.installed)
  const downloads = useModels((state) => state.downloads)
  const closeScreen = useModels((state) => state.closeScreen)
  const active = Object.values(downloads).filter(
    (d) => d.phase !== 'done' && d.phase !== 'cancelled',
  )

  return (
    <Screen name="models" title="Models" onClose={closeScreen}>
      {status && <GpuStatus status={status} />}
      <ModelsError />
      <h2>On this computer</h2>
      {installed === null ? (
        <p>Looking for models…</p>
      ) : installed.length === 0 ? (
        <p>No models yet. Download one below.</p>
      ) : (
        <InstalledList models={installed} />
      )}
      {active.length > 0 && (
        <>
          <h2>Downloads</h2>
          {active.map((d) => (
            <DownloadProgress key={d.downloadId} download={d} />
          ))}
        </>
      )}
      <h2>Add a model</h2>
      <AddModelForms />
      <EngineChoice />
    </Screen>
  )
}
