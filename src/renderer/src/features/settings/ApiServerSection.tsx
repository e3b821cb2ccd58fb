import { useEffect, useState } from 'react'
import type { ApiServerStatus } from '../../../../shared/contract/schemas/api-server'
import type { PublicSettings } from '../../../../shared/contract/schemas/settings'
import { useApiServer, useSettings, useStores } from '../../stores/stores-context'
import { copyText } from '../chat/copy-text'
import { Button } from '../../ui/Button'
import { WholeNumberForm } from '../../ui/WholeNumberForm'

/**
 * The local OpenAI-compatible server: off by default; on, it listens on 127.0.0.1 at the chosen
 * port and asks for the key shown here (copied into the client; regenerating it locks out the old).
 */
export function ApiServerSection({ settings }: { settings: PublicSettings }) {
  const stores = useStores()
  const update = useSettings((state) => state.update)
  const status = useApiServer((state) => state.status)
  const key = useApiServer((state) => state.key)
  const error = useApiServer((state) => state.error)
  const [notice, setNotice] = useState<string | null>(null)
  const enabled = settings.apiServerEnabled

  useEffect(() => {
    const api = stores.apiServer.getState()
    void api.load()
    if (enabled) void api.loadKey()
  }, [stores, enabled])

  const savePort = async (value: number) => {
    if (await update({ apiServerPort: value })) setNotice(`Port ${value} saved.`)
  }
  const copyKey = async () => {
    if (key === null) return
    setNotice((await copyText(key)) ? 'Key copied.' : 'Copying failed: select the key and copy it.')
  }
  const regenerate = async () => {
    await stores.apiServer.getState().regenerateKey()
    setNotice('A new key was made: clients using the old one are refused from now on.')
  }

  return (
    <>
      <label className="settings-row">
        <input
          type="checkbox"
          data-testid="settings-api-enabled"
          checked={enabled}
          onChange={(event) => void update({ apiServerEnabled: event.target.checked })}
        />
        Serve the loaded model to programs on this computer (OpenAI-compatible API)
      </label>
      <p className="settings-saved" role="status" data-testid="settings-api-state">
        {describe(enabled, status)}
      </p>
      <WholeNumberForm
        id="settings-api-port"
        label="Port (on 127.0.0.1 only)"
        range={[1024, 65_535]}
        initial={settings.apiServerPort}
        buttonText="Save port"
        onSave={(value) => void savePort(value)}
        onInvalid={() => setNotice('Choose a port from 1024 to 65535.')}
      />
      {enabled && (
        <div className="settings-row">
          <label htmlFor="settings-api-key">Key (Authorization: Bearer)</label>
          <input
            id="settings-api-key"
            data-testid="settings-api-key"
            type="text"
            readOnly
            autoComplete="off"
            spellCheck={false}
            value={key ?? ''}
          />
          <Button onClick={() => void copyKey()}>Copy key</Button>
          <Button data-testid="settings-api-regenerate" onClick={() => void regenerate()}>
            Regenerate
          </Button>
        </div>
      )}
      <label className="settings-row">
        <input
          type="checkbox"
          data-testid="settings-api-history"
          checked={settings.apiKeepHistory}
          onChange={(event) => void update({ apiKeepHistory: event.target.checked })}
        />
        Keep API conversations in the history (off: requests leave no trace)
      </label>
      {(notice ?? error) && (
        <p className="settings-saved" role="status">
          {error ?? notice}
        </p>
      )}
    </>
  )
}

/** One line on the server's state: off, listening where, or why it is not listening. */
function describe(enabled: boolean, status: ApiServerStatus | null): string {
  if (!enabled) return 'Off: nothing listens.'
  if (status === null) return 'Starting…'
  if (status.error !== null) return status.error
  if (status.baseUrl !== null) return `Listening at ${status.baseUrl}`
  return 'Starting…'
}
