import type { Stores } from './stores-context'

/** Which page of the renderer is running: the main window, or the quick prompt (`#/quick`). */
export type PageKind = 'main' | 'quick'

/**
 * Connects every store the page uses to the core's events (each store also reloads on a reconnect
 * or a restart of the core) and loads what the page shows first. The one place a page subscribes:
 * screens never call `connect()` themselves. Returns the disconnect.
 */
export function connectStores(stores: Stores, page: PageKind): () => void {
  const connected = [stores.status, stores.chat].map((store) => store.getState().connect())
  void stores.status.getState().load()
  if (page === 'main') {
    connected.push(
      stores.conversations.getState().connect(),
      stores.models.getState().connect(),
      stores.apiServer.getState().connect(),
    )
    void stores.settings.getState().load()
    void stores.conversations.getState().load()
    void stores.conversations.getState().loadNotices()
  }
  return () => {
    for (const disconnect of connected) disconnect()
  }
}
