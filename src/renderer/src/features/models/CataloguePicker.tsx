import { useModelsFields } from '../../stores/stores-context'
import { formatBytes } from '../../../../shared/format-bytes'

/** The catalogue: one card per model; the selected one lists its sizes with how each fits here. */
export function CataloguePicker() {
  const { catalogue, fits } = useModelsFields('catalogue', 'fits')
  const { select, selectQuant } = useModelsFields('select', 'selectQuant')
  const { selectedModelId, selectedQuant } = useModelsFields('selectedModelId', 'selectedQuant')

  return (
    <div className="catalogue">
      {catalogue.map((entry) => {
        const selected = entry.id === selectedModelId
        const fit = fits[entry.id]
        return (
          <div
            key={entry.id}
            className={selected ? 'catalogue-entry selected' : 'catalogue-entry'}
            data-testid="catalogue-entry"
            data-model-id={entry.id}
            data-selected={selected}
          >
            <button
              type="button"
              className="catalogue-entry-head"
              aria-pressed={selected}
              onClick={() => select(entry.id)}
            >
              <strong>{entry.displayName}</strong>
              <span>{entry.description}</span>
            </button>
            <p className="catalogue-licence">
              Licence:{' '}
              <a href={entry.licenceUrl} target="_blank" rel="noreferrer">
                {entry.licence}
              </a>
            </p>
            {selected && (
              <fieldset className="quant-list">
                <legend>Size and quality</legend>
                {entry.quants.map((q) => {
                  const quantFit = fit?.quants.find((f) => f.quant === q.quant)
                  return (
                    <label
                      key={q.quant}
                      className="quant-option"
                      data-testid="quant-option"
                      data-quant={q.quant}
                      data-fit={quantFit?.fit ?? 'unknown'}
                    >
                      <input
                        type="radio"
                        name={`quant-${entry.id}`}
                        value={q.quant}
                        checked={selectedQuant === q.quant}
                        onChange={() => selectQuant(q.quant)}
                      />
                      <span className="quant-name">
                        {q.quant}
                        {fit?.recommended === q.quant ? ' (recommended)' : ''}
                      </span>
                      <span className="quant-size">{formatBytes(q.approxBytes)}</span>
                      <span className="quant-fit" data-testid="fit-label">
                        {quantFit?.label ?? 'Checking this computer…'}
                      </span>
                    </label>
                  )
                })}
              </fieldset>
            )}
          </div>
        )
      })}
    </div>
  )
}
