import { useEffect } from 'react'
import type { RemoteEndpointSetting } from '../../../../shared/contract/schemas/remote'
import { useEndpoints, useSettingsFields, useStores } from '../../stores/stores-context'
import { AddEndpointForm } from './AddEndpointForm'
import { Button } from '../../ui/Button'

/**
 * Where replies are made: this computer, or an OpenAI-compatible server the user added (llama.cpp's
 * server, vLLM, Ollama, another Hearth). A server is contacted only once it is chosen here.
 */
export function EngineChoice() {
  const stores = useStores()
  const { settings, update } = useSettingsFields('settings', 'update')
  const error = useEndpoints((state) => state.error)
  useEffect(() => {
    if (stores.settings.getState().settings === null) void stores.settings.getState().load()
  }, [stores])
  if (settings === null) return null
  const { engineChoice, remoteEndpoints } = settings

  const remove = async (endpoint: RemoteEndpointSetting) => {
    const rest = remoteEndpoints.filter((candidate) => candidate.id !== endpoint.id)
    const choice = engineChoice === endpoint.id ? null : engineChoice
    if (await update({ remoteEndpoints: rest, engineChoice: choice })) {
      await stores.endpoints.getState().setKey(endpoint.id, null)
    }
  }

  return (
    <section className="engine-choice" aria-labelledby="engine-choice-title">
      <h2 id="engine-choice-title">Where replies are made</h2>
      <fieldset className="engine-options">
        <legend className="visually-hidden">Engine</legend>
        <label>
          <input
            type="radio"
            name="engine-choice"
            data-testid="engine-local"
            checked={engineChoice === null}
            onChange={() => void update({ engineChoice: null })}
          />
          This computer
        </label>
        {remoteEndpoints.map((endpoint) => (
          <div key={endpoint.id} className="engine-endpoint">
            <label>
              <input
                type="radio"
                name="engine-choice"
                data-testid={`engine-endpoint-${endpoint.id}`}
                checked={engineChoice === endpoint.id}
                onChange={() => void update({ engineChoice: endpoint.id })}
              />
              {endpoint.name}: {endpoint.modelId} at {endpoint.baseUrl}
            </label>
            <Button variant="link" onClick={() => void remove(endpoint)}>
              Remove
            </Button>
          </div>
        ))}
      </fieldset>
      {error && (
        <p className="form-error" role="alert" data-testid="endpoint-error">
          {error}
        </p>
      )}
      <AddEndpointForm />
    </section>
  )
}
