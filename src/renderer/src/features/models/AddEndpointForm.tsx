import { useState, type SubmitEvent } from 'react'
import { RemoteEndpointSchema } from '../../../../shared/contract/schemas/remote'
import { useEndpoints, useSettings, useStores } from '../../stores/stores-context'
import { Button } from '../../ui/Button'
import { LabelledInput } from '../../ui/LabelledInput'

/**
 * Adds an OpenAI-compatible server: its address and key, then one of the models it lists (asked
 * only when the user presses Find models). The key goes to the secret store, never to settings.
 */
export function AddEndpointForm() {
  const stores = useStores()
  const update = useSettings((state) => state.update)
  const models = useEndpoints((state) => state.models)
  const busy = useEndpoints((state) => state.busy)
  const [name, setName] = useState('')
  const [baseUrl, setBaseUrl] = useState('')
  const [key, setKey] = useState('')
  const [modelId, setModelId] = useState('')
  const [problem, setProblem] = useState<string | null>(null)

  const findModels = async () => {
    setProblem(null)
    const found = await stores.endpoints
      .getState()
      .findModels({ baseUrl: baseUrl.trim(), ...(key.trim() === '' ? {} : { apiKey: key.trim() }) })
    if (found) setModelId(stores.endpoints.getState().models?.[0] ?? '')
  }

  const add = async (event: SubmitEvent) => {
    event.preventDefault()
    const parsed = RemoteEndpointSchema.safeParse({
      id: crypto.randomUUID(),
      name,
      baseUrl: baseUrl.trim(),
      modelId,
    })
    if (!parsed.success) {
      setProblem(parsed.error.issues[0]?.message ?? 'Check the endpoint.')
      return
    }
    const current = stores.settings.getState().settings?.remoteEndpoints ?? []
    // The key first: choosing the endpoint later finds it already saved.
    if (key.trim() !== '' && !(await stores.endpoints.getState().setKey(parsed.data.id, key)))
      return
    if (await update({ remoteEndpoints: [...current, parsed.data] })) {
      setName('')
      setBaseUrl('')
      setKey('')
      setModelId('')
      stores.endpoints.getState().reset()
    }
  }

  return (
    <form className="add-endpoint" onSubmit={(event) => void add(event)}>
      <h3>Add a server</h3>
      <LabelledInput
        id="endpoint-name"
        label="Name"
        placeholder="GPU box"
        value={name}
        onChange={setName}
      />
      <LabelledInput
        id="endpoint-url"
        label="Address (OpenAI-compatible, with /v1)"
        type="url"
        spellCheck={false}
        placeholder="http://gpu-box:8080/v1"
        value={baseUrl}
        onChange={setBaseUrl}
      />
      <LabelledInput
        id="endpoint-key"
        label="Key (if the server needs one)"
        type="password"
        autoComplete="off"
        value={key}
        onChange={setKey}
      />
      <Button
        data-testid="endpoint-find-models"
        disabled={busy || baseUrl.trim() === ''}
        onClick={() => void findModels()}
      >
        {busy ? 'Asking the server…' : 'Find models'}
      </Button>
      {models !== null && (
        <>
          <label htmlFor="endpoint-model">Model</label>
          <select
            id="endpoint-model"
            data-testid="endpoint-model"
            value={modelId}
            onChange={(event) => setModelId(event.target.value)}
          >
            {models.map((id) => (
              <option key={id} value={id}>
                {id}
              </option>
            ))}
          </select>
          <Button type="submit" data-testid="endpoint-add" disabled={modelId === ''}>
            Add server
          </Button>
        </>
      )}
      {problem && (
        <p className="form-error" role="alert">
          {problem}
        </p>
      )}
    </form>
  )
}
