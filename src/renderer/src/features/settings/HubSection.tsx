import { useState, type SubmitEvent } from 'react'
import type { PublicSettings } from '../../../../shared/contract/schemas/settings'
import { useSettings } from '../../stores/stores-context'
import { Button } from '../../ui/Button'
import { LabelledInput } from '../../ui/LabelledInput'

/**
 * Where models are downloaded from, and the access token for gated repositories. The token is
 * write-only: Hearth shows whether one is set, never its value.
 */
export function HubSection({ settings }: { settings: PublicSettings }) {
  const update = useSettings((state) => state.update)
  const [endpoint, setEndpoint] = useState(settings.hfEndpoint ?? '')
  const [token, setToken] = useState('')
  const [saved, setSaved] = useState<string | null>(null)

  const saveEndpoint = async (event: SubmitEvent) => {
    event.preventDefault()
    const value = endpoint.trim()
    if (await update({ hfEndpoint: value === '' ? null : value })) setSaved('Endpoint saved.')
  }
  const saveToken = async (event: SubmitEvent) => {
    event.preventDefault()
    if (token.trim() === '') return
    if (await update({ hfToken: token.trim() })) {
      setToken('')
      setSaved('Token saved. It is used for the next download.')
    }
  }
  const removeToken = async () => {
    if (await update({ hfToken: null })) setSaved('Token removed.')
  }

  return (
    <>
      <form className="settings-row" onSubmit={(event) => void saveEndpoint(event)}>
        <LabelledInput
          id="settings-hf-endpoint"
          label="Endpoint (a mirror; empty uses huggingface.co)"
          type="url"
          placeholder="https://huggingface.co"
          value={endpoint}
          onChange={setEndpoint}
        />
        <Button type="submit">Save endpoint</Button>
      </form>
      <form className="settings-row" onSubmit={(event) => void saveToken(event)}>
        <LabelledInput
          id="settings-hf-token"
          label={
            <>
              Access token{' '}
              <span data-testid="settings-hf-token-state">
                {settings.hfTokenSet ? '(a token is set)' : '(none set)'}
              </span>
            </>
          }
          type="password"
          autoComplete="off"
          placeholder={settings.hfTokenSet ? 'Enter a new token to replace it' : 'hf_…'}
          value={token}
          onChange={setToken}
        />
        <Button type="submit" disabled={token.trim() === ''}>
          Save token
        </Button>
        {settings.hfTokenSet && <Button onClick={() => void removeToken()}>Remove token</Button>}
      </form>
      {saved && (
        <p className="settings-saved" role="status">
          {saved}
        </p>
      )}
    </>
  )
}
