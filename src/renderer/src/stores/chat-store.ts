import { createStore, type StateCreator, type StoreApi } from 'zustand/vanilla'
import type { HearthClient } from '../transport/client'
import {
  applyConversation,
  applyDelta,
  applyDone,
  sendFailed,
  sendSucceeded,
  startSend,
} from './chat-reducers'
import { initialChatData, type ChatData } from './chat-state'

/** What the chat view can ask of the store. */
export interface ChatActions {
  setDraft(text: string): void
  /** Sends `text` (default: the draft). No-op for blank text or while a reply is streaming. */
  send(text?: string): Promise<void>
  /** Asks main to stop the streaming reply; `chat.done` with `stopped` ends it. */
  stop(): Promise<void>
  /** Opens a stored conversation. */
  open(conversationId: string): Promise<void>
  /** Re-reads the current conversation from main (after a seq gap or a reconnect). */
  reload(): Promise<void>
  /** Starts a new, empty conversation (the next send creates it). */
  reset(): void
  dismissError(): void
  /** Subscribes to chat events and reconnects; returns a function that unsubscribes. */
  connect(): () => void
}

export type ChatState = ChatData & ChatActions

/**
 * The chat store's state creator, apart from any hook so each test builds a fresh store (zustand's
 * testing guide). All state changes go through the pure reducers in chat-reducers.ts.
 */
export function chatStateCreator(client: HearthClient): StateCreator<ChatState> {
  return (set, get) => {
    let localCounter = 0
    // Only the newest reload may apply: an older answer would roll the view back.
    let reloadTicket = 0

    async function reload(): Promise<void> {
      const id = get().conversationId
      if (id === null) return
      const ticket = ++reloadTicket
      const result = await client.invoke('conversations.get', { id })
      if (ticket !== reloadTicket) return
      if (!result.ok) {
        set({ error: result.error.message })
        return
      }
      set((state) => applyConversation(state, result.value))
    }

    return {
      ...initialChatData,
      setDraft: (text) => set({ draft: text }),
      async send(text) {
        const state = get()
        const toSend = text ?? state.draft
        if (toSend.trim() === '' || state.generation !== null) return
        localCounter += 1
        const ids = {
          user: `local-user-${localCounter}`,
          assistant: `local-assistant-${localCounter}`,
        }
        set((s) => startSend(s, toSend, ids))
        const input =
          state.conversationId === null
            ? { text: toSend }
            : { conversationId: state.conversationId, text: toSend }
        const result = await client.invoke('chat.send', input)
        if (result.ok) set((s) => sendSucceeded(s, result.value, ids))
        else set((s) => sendFailed(s, result.error, toSend, ids))
      },
      async stop() {
        const generationId = get().generation?.id
        if (!generationId) return
        const result = await client.invoke('chat.stop', { generationId })
        if (!result.ok) set({ error: result.error.message })
      },
      async open(conversationId) {
        reloadTicket++
        set({ ...initialChatData, conversationId, draft: get().draft })
        await reload()
      },
      reload,
      reset: () => {
        reloadTicket++
        set({ ...initialChatData, draft: get().draft })
      },
      dismissError: () => set({ error: null }),
      connect() {
        const offDelta = client.on('chat.delta', (delta) => {
          const outcome = applyDelta(get(), delta)
          if (outcome.state !== get()) set(outcome.state)
          if (outcome.reload) void reload()
        })
        const offDone = client.on('chat.done', (done) => set((s) => applyDone(s, done)))
        const offReconnect = client.onReconnect(() => void reload())
        return () => {
          offDelta()
          offDone()
          offReconnect()
        }
      },
    }
  }
}

/** A fresh chat store bound to `client`. */
export function createChatStore(client: HearthClient): StoreApi<ChatState> {
  return createStore<ChatState>()(chatStateCreator(client))
}
