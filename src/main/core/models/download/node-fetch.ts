import { EnvHttpProxyAgent, fetch as undiciFetch } from 'undici'
import { ProxyError, type HttpFetch } from './http-fetch'

/**
 * The HTTP interface for plain Node (headless mode, tests, the bench): undici's fetch through
 * `EnvHttpProxyAgent`, which honours HTTPS_PROXY, HTTP_PROXY and NO_PROXY (either case). A
 * connection to the proxy that fails becomes a `ProxyError` naming it.
 */
export function createNodeFetch(env: NodeJS.ProcessEnv = process.env): HttpFetch {
  const httpProxy = env.http_proxy ?? env.HTTP_PROXY
  const httpsProxy = env.https_proxy ?? env.HTTPS_PROXY ?? httpProxy
  const noProxy = env.no_proxy ?? env.NO_PROXY
  const dispatcher = new EnvHttpProxyAgent({
    ...(httpProxy ? { httpProxy } : {}),
    ...(httpsProxy ? { httpsProxy } : {}),
    ...(noProxy ? { noProxy } : {}),
  })
  const proxies = [httpProxy, httpsProxy].filter((p): p is string => Boolean(p))
  return async (url, init) => {
    try {
      const res = await undiciFetch(url, { ...init, dispatcher })
      if (res.status === 407 && proxies.length > 0) {
        void res.body?.cancel()
        throw new ProxyError(proxyFor(url, proxies), 'asked for a login (HTTP 407)')
      }
      return res
    } catch (e) {
      throw namingProxy(e, proxies)
    }
  }
}

function proxyFor(url: string, proxies: string[]): string {
  return (url.startsWith('https:') ? proxies.at(-1) : proxies[0]) ?? ''
}

/** A refused or failed connect whose address is a configured proxy's is the proxy's failure. */
function namingProxy(e: unknown, proxies: string[]): unknown {
  const cause = (e as { cause?: NodeJS.ErrnoException & { port?: number } }).cause
  if (!cause?.code || cause.port === undefined) return e
  const proxy = proxies.find((p) => {
    const u = new URL(p)
    return Number(u.port || (u.protocol === 'https:' ? 443 : 80)) === cause.port
  })
  if (!proxy) return e
  const reason = cause.code === 'ECONNREFUSED' ? 'refused the connection' : `failed (${cause.code})`
  return new ProxyError(proxy, reason)
}
