// First: it must run before any zod schema is built.
import './zod-jitless'
import { lazy, StrictMode, Suspense } from 'react'
import { createRoot } from 'react-dom/client'
import { Root } from './app/Root'
import { createStores } from './stores/stores-context'
import { connectClient } from './transport/client'

// Only a page opened without its token needs this; it stays out of the first chunk.
const FatalScreen = lazy(() =>
  import('./app/App').then((module) => ({ default: module.FatalScreen })),
)

const container = document.getElementById('root')
if (!container) throw new Error('index.html has no #root')

const client = connectClient()
createRoot(container).render(
  <StrictMode>
    {client.ok ? (
      <Root stores={createStores(client.value)} />
    ) : (
      <Suspense fallback={null}>
        <FatalScreen message={client.error.message} />
      </Suspense>
    )}
  </StrictMode>,
)
