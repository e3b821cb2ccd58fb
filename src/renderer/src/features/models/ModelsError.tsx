import { useModels } from '../../stores/stores-context'
import { DismissibleError } from '../../ui/DismissibleError'

/** The last failed model action, said plainly, with a way to dismiss it. */
export function ModelsError() {
  const error = useModels((state) => state.error)
  const clearError = useModels((state) => state.clearError)
  if (error === null) return null
  return (
    <DismissibleError
      className="form-error"
      testId="models-error"
      message={error}
      onDismiss={clearError}
    />
  )
}
