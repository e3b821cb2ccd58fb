/** The two views of the one renderer: the main window, and the quick prompt at `#/quick`. */
export type AppRoute = 'main' | 'quick'

/** Reads the route from the URL fragment; a token or other parameters may follow after `&`. */
export function parseRoute(hash: string): AppRoute {
  const fragment = hash.replace(/^#/, '')
  const route = fragment.split('&', 1)[0] ?? ''
  return route === '/quick' ? 'quick' : 'main'
}
