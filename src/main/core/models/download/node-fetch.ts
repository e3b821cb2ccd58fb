import { EnvHttpProxyAgent, request } from 'undici'
import { ProxyError, type HttpFetch } from './http-fetch'

/**
 * The HTTP interface for plain Node (headless mode, tests, the bench): undici's `request` (Node
 * streams; its `fetch` and web streams took more CPU per byte in the bench, and a large
 * highWaterMark made the stream copy chunks together) through `EnvHttpProxyAgent`, which honours HTTPS_PROXY, HTTP_PROXY and NO_PROXY (either case). A
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
      const res = await request(url, {
        method: init.method,
        headers: init.headers,
        signal: init.signal,
        dispatcher,
      })
      // A body nobody reads still errors when the request is aborted; its reader sees that.
      res.body.on('error', () => undefined)
      if (res.statusCode === 407 && proxies.length > 0) {
        res.body.destroy()
        throw new ProxyError(proxyFor(url, proxies), 'asked for a login (HTTP 407)')
      }
      const headers = res.headers
      return {
        status: res.statusCode,
        headers: {
          get: (name) => {
            const v = headers[name.toLowerCase()]
            return (Array.isArray(v) ? v[0] : v) ?? null
          },
        },
        body: init.method === 'HEAD' ? (res.body.destroy(), null) : res.body,
      }
    } catch (e) {
      throw namingProxy(e, proxies)
    }
  }
}

function proxyFor(url: string, proxies: string[]): string {
  return (url.startsWith('https:') ? proxies.at(-1) : proxies[0]) ?? ''
}

/** A refused or failed connect whose port is a configured proxy's is the proxy's failure. */
function namingProxy(e: unknown, proxies: string[]): unknown {
  if (e instanceof ProxyError) return e
  type ConnectError = NodeJS.ErrnoException & { port?: number }
  const failed = ((e as { cause?: ConnectError }).cause ?? e) as ConnectError | null | undefined
  if (!failed?.code || failed.port === undefined) return e
  const proxy = proxies.find((p) => {
    const u = new URL(p)
    return Number(u.port || (u.protocol === 'https:' ? 443 : 80)) === failed.port
  })
  if (!proxy) return e
  const reason =
    failed.code === 'ECONNREFUSED' ? 'refused the connection' : `failed (${failed.code})`
  return new ProxyError(proxy, reason)
}
