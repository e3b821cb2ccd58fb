import { createContext, use, type ReactNode } from 'react'
import { useStore, type StoreApi } from 'zustand'
import type { HearthClient } from '../transport/client'
import { createApiServerStore, type ApiServerState } from './api-server-store'
import { createEndpointsStore, type EndpointsState } from './endpoints-store'
import { createChatStore, type ChatState } from './chat-store'
import { createConversationsStore, type ConversationsState } from './conversations-store'
import { createSearchStore, type SearchState } from './search-store'
import { createModelsStore, type ModelsState } from './models-store'
import { createSettingsStore, type SettingsState } from './settings-store'
import { createStatusStore, type StatusState } from './status-store'

/** Every store of one window, built once per client. */
export interface Stores {
  chat: StoreApi<ChatState>
  status: StoreApi<StatusState>
  settings: StoreApi<SettingsState>
  conversations: StoreApi<ConversationsState>
  search: StoreApi<SearchState>
  models: StoreApi<ModelsState>
  apiServer: StoreApi<ApiServerState>
  endpoints: StoreApi<EndpointsState>
}

/** Builds the window's stores over one client. */
export function createStores(client: HearthClient): Stores {
  return {
    chat: createChatStore(client),
    status: createStatusStore(client),
    settings: createSettingsStore(client),
    conversations: createConversationsStore(client),
    search: createSearchStore(client),
    models: createModelsStore(client),
    apiServer: createApiServerStore(client),
    endpoints: createEndpointsStore(client),
  }
}

const StoresContext = createContext<Stores | null>(null)

/** Makes `stores` available to the hooks below. */
export function StoresProvider({ stores, children }: { stores: Stores; children: ReactNode }) {
  return <StoresContext value={stores}>{children}</StoresContext>
}

/** The raw stores, for code that subscribes outside React rendering. */
export function useStores(): Stores {
  const stores = use(StoresContext)
  if (!stores) throw new Error('useStores outside <StoresProvider>')
  return stores
}

/** Selects from the chat store; pick narrowly so a delta re-renders only what changed. */
export function useChat<T>(selector: (state: ChatState) => T): T {
  return useStore(useStores().chat, selector)
}

/** Selects from the status store. */
export function useStatus<T>(selector: (state: StatusState) => T): T {
  return useStore(useStores().status, selector)
}

/** Selects from the settings store. */
export function useSettings<T>(selector: (state: SettingsState) => T): T {
  return useStore(useStores().settings, selector)
}

/** Selects from the conversations (history list) store. */
export function useConversations<T>(selector: (state: ConversationsState) => T): T {
  return useStore(useStores().conversations, selector)
}

/** Selects from the search palette store. */
export function useSearch<T>(selector: (state: SearchState) => T): T {
  return useStore(useStores().search, selector)
}

/** Selects from the models store. */
export function useModels<T>(selector: (state: ModelsState) => T): T {
  return useStore(useStores().models, selector)
}

/** Selects from the API server store. */
export function useApiServer<T>(selector: (state: ApiServerState) => T): T {
  return useStore(useStores().apiServer, selector)
}

/** Selects from the remote endpoints store. */
export function useEndpoints<T>(selector: (state: EndpointsState) => T): T {
  return useStore(useStores().endpoints, selector)
}
