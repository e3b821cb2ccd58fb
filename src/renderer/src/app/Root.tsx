import { lazy, Suspense, useEffect, useState } from 'react'
import { createDesktopShell } from '../features/quick/desktop-shell'
import { QuickApp } from '../features/quick/QuickApp'
import type { Stores } from '../stores/stores-context'
import { parseRoute, type AppRoute } from './route'

// The main view is a chunk of its own: the quick prompt (small, in the first chunk) shows a focused
// composer without first loading the sidebar, Settings, the model screens and the search palette
// (bench: quick.open_ms).
const App = lazy(() => import('./App').then((module) => ({ default: module.App })))

// One shell per page: Electron's bridge or the browser's.
const shell = createDesktopShell()

/** Picks the view for the URL fragment: the quick prompt at `#/quick`, the main view otherwise. */
export function Root({ stores }: { stores: Stores }) {
  const [route, setRoute] = useState<AppRoute>(() => parseRoute(window.location.hash))
  useEffect(() => {
    const onHashChange = () => setRoute(parseRoute(window.location.hash))
    window.addEventListener('hashchange', onHashChange)
    return () => window.removeEventListener('hashchange', onHashChange)
  }, [])
  return (
    <Suspense fallback={null}>
      {route === 'quick' ? (
        <QuickApp stores={stores} shell={shell} />
      ) : (
        <App stores={stores} shell={shell} />
      )}
    </Suspense>
  )
}
