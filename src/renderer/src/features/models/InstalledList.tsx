import { useState } from 'react'
import type { InstalledModel } from '../../../../shared/contract/schemas/model-channels'
import { useModels } from '../../stores/stores-context'
import { formatBytes } from '../../../../shared/format-bytes'
import { Button } from '../../ui/Button'

/** Installed models: switch to one, or delete it after a confirmation step. */
export function InstalledList({ models }: { models: InstalledModel[] }) {
  return (
    <ul className="installed-list">
      {models.map((model) => (
        <ModelRow key={model.path} model={model} />
      ))}
    </ul>
  )
}

function ModelRow({ model }: { model: InstalledModel }) {
  const [confirming, setConfirming] = useState(false)
  const activate = useModels((state) => state.activate)
  const remove = useModels((state) => state.remove)
  const pending = useModels((state) => state.pending)
  // Files the user added from elsewhere are only taken off the list; Hearth keeps its hands off.
  const downloaded = model.repo !== null

  return (
    <li className="installed-model" data-testid="installed-model" data-active={model.active}>
      <div className="installed-model-head">
        <strong>{model.name}</strong>
        {model.active && <span className="active-marker">In use</span>}
      </div>
      <div className="installed-model-figures">
        <span>{formatBytes(model.sizeBytes)}</span>
        {model.quant && <span>{model.quant}</span>}
        <code title={model.path}>{model.path}</code>
      </div>
      <div className="installed-model-actions">
        {!model.active && (
          <Button
            variant="primary"
            data-testid="activate-button"
            disabled={pending}
            onClick={() => void activate(model.path)}
          >
            Use this model
          </Button>
        )}
        {!model.active && !confirming && (
          <Button data-testid="delete-model-button" onClick={() => setConfirming(true)}>
            {downloaded ? 'Delete' : 'Remove from list'}
          </Button>
        )}
        {confirming && (
          <span className="confirm" role="group" aria-label="Confirm">
            {downloaded
              ? `Delete ${model.name} (${formatBytes(model.sizeBytes)}) from this computer?`
              : `Remove ${model.name} from Hearth's list? The file stays where it is.`}{' '}
            <Button
              data-testid="confirm-delete"
              onClick={() => void remove(model.path).then(() => setConfirming(false))}
            >
              {downloaded ? 'Delete' : 'Remove'}
            </Button>
            <Button onClick={() => setConfirming(false)}>Keep it</Button>
          </span>
        )}
      </div>
    </li>
  )
}
