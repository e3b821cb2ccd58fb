import { useModels } from '../../stores/stores-context'

/** The last failed model action, said plainly, with a way to dismiss it. */
export function ModelsError() {
  const error = useModels((state) => state.error)
  const clearError = useModels((state) => state.clearError)
  if (error === null) return null
  return (
    <p className="form-error" role="alert" data-testid="models-error">
      {error}{' '}
      <button type="button" className="link-button" onClick={clearError}>
        Dismiss
      </button>
    </p>
  )
}
