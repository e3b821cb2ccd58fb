import type { AppStatus } from '../../../../shared/contract/schemas/status'
import { ModelPathForm } from './ModelPathForm'

/**
 * Shown when no model is installed or loading failed. A later issue replaces it with a download
 * screen; for now it says how to point Hearth at a GGUF file.
 */
export function NoModelScreen({ status }: { status: AppStatus }) {
  const failed = status.state === 'error'
  return (
    <section className="center-screen" aria-labelledby="no-model-title">
      <div className="panel" data-testid={failed ? 'model-error-notice' : 'no-model-notice'}>
        <h1 id="no-model-title">
          {failed ? 'The model could not be loaded' : 'No model is installed'}
        </h1>
        {failed && status.error && (
          <p className="form-error" role="alert" data-testid="status-error">
            {status.error.message}
          </p>
        )}
        <p>
          Start Hearth with <code>HEARTH_MODEL=/path/to/model.gguf</code> or set a model path in
          settings.
        </p>
        <ModelPathForm initial={status.modelPath ?? ''} />
      </div>
    </section>
  )
}
