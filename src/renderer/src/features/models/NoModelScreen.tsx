import type { AppStatus } from '../../../../shared/contract/schemas/status'
import { AddModelForms } from './AddModelForms'
import { ModelsError } from './ModelsError'

/**
 * Shown when the chosen model could not be loaded (with no model at all the first-run screen shows
 * instead): the reason, and the ways to pick another file.
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
          Pick another model file, or start Hearth with{' '}
          <code>HEARTH_MODEL=/path/to/model.gguf</code>.
        </p>
        <AddModelForms />
        <ModelsError />
      </div>
    </section>
  )
}
