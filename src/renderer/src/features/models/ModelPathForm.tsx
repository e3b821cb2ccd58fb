import { useState, type FormEvent } from 'react'
import { useSettings } from '../../stores/stores-context'

/** A field for the absolute path of a GGUF file; saving it makes main load that model. */
export function ModelPathForm({ initial }: { initial: string }) {
  const [path, setPath] = useState(initial)
  const update = useSettings((state) => state.update)
  const saving = useSettings((state) => state.saving)
  const error = useSettings((state) => state.error)

  const onSubmit = (event: FormEvent) => {
    event.preventDefault()
    const trimmed = path.trim()
    if (trimmed !== '') void update({ modelPath: trimmed })
  }

  return (
    <form className="model-path-form" onSubmit={onSubmit}>
      <label htmlFor="model-path">Model file (.gguf)</label>
      <div className="composer-row">
        <input
          id="model-path"
          data-testid="model-path-input"
          type="text"
          spellCheck={false}
          placeholder="/path/to/model.gguf"
          value={path}
          onChange={(event) => setPath(event.target.value)}
        />
        <button
          type="submit"
          className="button button-primary"
          data-testid="model-path-save"
          disabled={saving || path.trim() === ''}
        >
          {saving ? 'Saving…' : 'Use this model'}
        </button>
      </div>
      {error && (
        <p className="form-error" role="alert" data-testid="model-path-error">
          {error}
        </p>
      )}
    </form>
  )
}
