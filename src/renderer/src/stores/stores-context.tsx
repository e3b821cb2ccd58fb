import { createContext, use, type ReactNode } from 'react'
import { useStore, type StoreApi } from 'zustand'
import { useShallow } from 'zustand/react/shallow'
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

/**
 * A hook that reads several fields of one store at once (`useModelsFields('catalogue', 'fits')`)
 * and re-renders when any of them changes. Actions are fields too; they never change.
 */
function fieldsHook<K extends keyof StoreStates>(name: K) {
  return function useFields<F extends keyof StoreStates[K]>(
    ...fields: F[]
  ): Pick<StoreStates[K], F> {
    return useStore(
      useStores()[name],
      useShallow((state) => pickFields(state, fields)),
    )
  }
}

function pickFields<S, F extends keyof S>(state: S, fields: readonly F[]): Pick<S, F> {
  const picked = {} as Pick<S, F>
  for (const field of fields) picked[field] = state[field]
  return picked
}

/** Reads these fields of a store of state `S`. */
type FieldsHook<S> = <F extends keyof S>(...fields: F[]) => Pick<S, F>

export const useChatFields: FieldsHook<ChatState> = fieldsHook('chat')
export const useSettingsFields: FieldsHook<SettingsState> = fieldsHook('settings')
export const useSearchFields: FieldsHook<SearchState> = fieldsHook('search')
export const useModelsFields: FieldsHook<ModelsState> = fieldsHook('models')
export const useConversationsFields: FieldsHook<ConversationsState> = fieldsHook('conversations')
