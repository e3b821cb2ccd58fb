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

/** What each store of a window holds. */
interface StoreStates {
  chat: ChatState
  status: StatusState
  settings: SettingsState
  conversations: ConversationsState
  search: SearchState
  models: ModelsState
  apiServer: ApiServerState
  endpoints: EndpointsState
}

/** Every store of one window, built once per client. */
export type Stores = { [K in keyof StoreStates]: StoreApi<StoreStates[K]> }

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

/** A hook that selects from one of the window's stores (`useChat((state) => state.draft)`). */
function selectorHook<K extends keyof StoreStates>(name: K) {
  return function useSelected<T>(selector: (state: StoreStates[K]) => T): T {
    return useStore(useStores()[name], selector)
  }
}

/** Selects from the chat store; pick narrowly so a delta re-renders only what changed. */
export const useChat = selectorHook('chat')
export const useStatus = selectorHook('status')
export const useSettings = selectorHook('settings')
/** Selects from the conversations (history list) store. */
export const useConversations = selectorHook('conversations')
/** Selects from the search palette store. */
export const useSearch = selectorHook('search')
export const useModels = selectorHook('models')
/** Selects from the API server store. */
export const useApiServer = selectorHook('apiServer')
/** Selects from the remote endpoints store. */
export const useEndpoints = selectorHook('endpoints')
