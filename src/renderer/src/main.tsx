// First: it must run before any zod schema is built.
import './zod-jitless'
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App, FatalScreen } from './app/App'
import { createStores } from './stores/stores-context'
import { connectClient } from './transport/client'

const container = document.getElementById('root')
if (!container) throw new Error('index.html has no #root')

const client = connectClient()
createRoot(container).render(
  <StrictMode>
    {client.ok ? (
      <App stores={createStores(client.value)} />
    ) : (
      <FatalScreen message={client.error.message} />
    )}
  </StrictMode>,
)
