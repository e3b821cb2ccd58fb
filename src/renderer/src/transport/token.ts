/** Where the headless token survives a reload once it is gone from the visible URL. */
export const TOKEN_STORAGE_KEY = 'hearth.token'

export interface TokenEnvironment {
  location: Pick<Location, 'hash' | 'pathname' | 'search'>
  history: Pick<History, 'replaceState' | 'state'>
  storage: Pick<Storage, 'getItem' | 'setItem'>
}

/**
 * Takes the headless token from the URL fragment (`#token=...`), which the browser never sends to
 * the server, keeps it in sessionStorage so a reload still works, and removes it from the address
 * bar so it is not shared by a copied URL or a screenshot. Falls back to the stored token.
 */
export function takeToken(env: TokenEnvironment): string | null {
  // A route may lead the fragment (`#/quick&token=...`): it stays, only the token goes.
  const fragment = env.location.hash.replace(/^#/, '')
  const route = fragment.startsWith('/') ? (fragment.split('&', 1)[0] ?? '') : ''
  const params = new URLSearchParams(fragment.slice(route.length))
  const fromUrl = params.get('token')
  if (fromUrl) {
    env.storage.setItem(TOKEN_STORAGE_KEY, fromUrl)
    params.delete('token')
    const rest = [route, params.toString()].filter((part) => part !== '').join('&')
    const url = `${env.location.pathname}${env.location.search}${rest ? `#${rest}` : ''}`
    env.history.replaceState(env.history.state, '', url)
    return fromUrl
  }
  const stored = env.storage.getItem(TOKEN_STORAGE_KEY)
  return stored ? stored : null
}

/** The WebSocket address of the headless server that served this page. */
export function webSocketUrl(location: Pick<Location, 'protocol' | 'host'>, token: string): string {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws'
  return `${scheme}://${location.host}/ws?token=${encodeURIComponent(token)}`
}
