import { useModels } from '../../stores/stores-context'
import { SingleFieldForm } from './SingleFieldForm'

/** Two ways in besides the catalogue: a .gguf already on this computer, or a Hugging Face file. */
export function AddModelForms() {
  const addLocal = useModels((state) => state.addLocal)
  const download = useModels((state) => state.download)
  const pending = useModels((state) => state.pending)
  return (
    <div className="add-model">
      <SingleFieldForm
        id="local-path"
        label="A .gguf file on this computer"
        placeholder="/path/to/model.gguf"
        buttonText="Use this file"
        inputTestId="local-path-input"
        buttonTestId="local-path-add"
        busy={pending}
        onSubmit={addLocal}
      />
      <SingleFieldForm
        id="hf-source"
        label="A file on Hugging Face"
        placeholder="hf:owner/repo/file.gguf"
        buttonText="Download"
        inputTestId="hf-source-input"
        buttonTestId="hf-source-add"
        onSubmit={(source) => download({ source })}
      />
    </div>
  )
}
