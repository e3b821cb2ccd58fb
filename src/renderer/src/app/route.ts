/** The two views of the one renderer: the main window, and the quick prompt at `#/quick`. */
export type AppRoute = 'main' | 'quick'

/** Reads the route from the URL fragment; a token or other parameters may follow after `&`. */
export function parseRoute(hash: string): AppRoute {
  const fragment = hash.replace(/^#/, '')
  const route = fragment.split('&', 1)[0] ?? ''
  return route === '/quick' ? 'quick' : 'main'
}

/** The fragment that shows `route` (the main view has none). */
export function routeHash(route: AppRoute): string {
  return route === 'quick' ? '#/quick' : ''
}
