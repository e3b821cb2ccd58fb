import { useState, type SubmitEvent } from 'react'
import {
  DEFAULT_CONTEXT_SIZE,
  MIN_CONTEXT_SIZE,
  type PublicSettings,
} from '../../../../shared/contract/schemas/settings'
import { useSettings, useStatus } from '../../stores/stores-context'
import { Button } from '../../ui/Button'
import { LabelledInput } from '../../ui/LabelledInput'

/**
 * CPU threads and context size: both are fixed when the model loads, so saving one reloads the
 * model at once; the section says so and then what the model runs with.
 */
export function RuntimeSection({ settings }: { settings: PublicSettings }) {
  const update = useSettings((state) => state.update)
  const status = useStatus((state) => state.status)
  const [threads, setThreads] = useState(settings.threads === null ? '' : String(settings.threads))
  const [context, setContext] = useState(
    settings.contextSize === null ? '' : String(settings.contextSize),
  )
  // The status when the change was saved: a later "ready" is the reload that applied it.
  const [savedAt, setSavedAt] = useState<{ status: typeof status } | null>(null)
  const trained = status?.trainedContextSize ?? null
  const largest = trained !== null && trained > 0 ? trained : null

  const save = async (event: SubmitEvent) => {
    event.preventDefault()
    const patch = {
      threads: threads.trim() === '' ? null : Number(threads),
      contextSize: context.trim() === '' ? null : Number(context),
    }
    if (patch.threads === settings.threads && patch.contextSize === settings.contextSize) return
    const before = status
    if (await update(patch)) setSavedAt({ status: before })
  }

  const state = status?.state
  const applied = savedAt !== null && state === 'ready' && status !== savedAt.status
  return (
    <form className="settings-row settings-column" onSubmit={(event) => void save(event)}>
      <LabelledInput
        id="settings-threads"
        label="CPU threads (empty: every core Hearth may use)"
        type="number"
        min={1}
        max={256}
        step={1}
        placeholder="Automatic"
        value={threads}
        onChange={setThreads}
      />
      <LabelledInput
        id="settings-context-size"
        label={
          <>
            Context size in tokens (empty: {DEFAULT_CONTEXT_SIZE.toLocaleString()}, or what the
            model was trained on if less
            {largest === null ? '' : `; this model: up to ${largest.toLocaleString()}`})
          </>
        }
        type="number"
        min={MIN_CONTEXT_SIZE}
        max={largest ?? undefined}
        step={256}
        placeholder="Automatic"
        value={context}
        onChange={setContext}
      />
      <Button type="submit" data-testid="settings-runtime-save">
        Save and reload the model
      </Button>
      {savedAt !== null && (
        <p className="settings-saved" role="status" data-testid="settings-runtime-state">
          {applied
            ? `Applied: the model was reloaded with a context of ${status?.contextSize.toLocaleString()} tokens.`
            : state === 'no-model' || state === 'error'
              ? 'Saved. It applies when a model is loaded.'
              : 'Saved. The model is reloading to apply it…'}
        </p>
      )}
    </form>
  )
}
