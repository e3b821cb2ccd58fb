import { useState, type FormEvent } from 'react'
import { useModels } from '../../stores/stores-context'

/** Two ways in besides the catalogue: a .gguf already on this computer, or a Hugging Face file. */
export function AddModelForms() {
  const [local, setLocal] = useState('')
  const [source, setSource] = useState('')
  const addLocal = useModels((state) => state.addLocal)
  const download = useModels((state) => state.download)
  const pending = useModels((state) => state.pending)

  const onLocal = (event: FormEvent) => {
    event.preventDefault()
    if (local.trim() !== '') void addLocal(local).then((ok) => ok && setLocal(''))
  }
  const onSource = (event: FormEvent) => {
    event.preventDefault()
    const trimmed = source.trim()
    if (trimmed !== '') void download({ source: trimmed }).then((ok) => ok && setSource(''))
  }

  return (
    <div className="add-model">
      <form onSubmit={onLocal}>
        <label htmlFor="local-path">A .gguf file on this computer</label>
        <div className="composer-row">
          <input
            id="local-path"
            data-testid="local-path-input"
            type="text"
            spellCheck={false}
            placeholder="/path/to/model.gguf"
            value={local}
            onChange={(event) => setLocal(event.target.value)}
          />
          <button
            type="submit"
            className="button"
            data-testid="local-path-add"
            disabled={pending || local.trim() === ''}
          >
            Use this file
          </button>
        </div>
      </form>
      <form onSubmit={onSource}>
        <label htmlFor="hf-source">A file on Hugging Face</label>
        <div className="composer-row">
          <input
            id="hf-source"
            data-testid="hf-source-input"
            type="text"
            spellCheck={false}
            placeholder="hf:owner/repo/file.gguf"
            value={source}
            onChange={(event) => setSource(event.target.value)}
          />
          <button
            type="submit"
            className="button"
            data-testid="hf-source-add"
            disabled={source.trim() === ''}
          >
            Download
          </button>
        </div>
      </form>
    </div>
  )
}
