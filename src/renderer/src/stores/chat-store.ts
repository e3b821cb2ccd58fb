import { createStore, type StateCreator, type StoreApi } from 'zustand/vanilla'
import type { HearthClient } from '../transport/client'
import { chatBranchActions, type ChatBranchActions } from './chat-branch-actions'
import {
  applyBranchInfo,
  applyConversation,
  applyDelta,
  applyDone,
  sendFailed,
  sendSucceeded,
  startSend,
} from './chat-reducers'
import { continueFailed, startContinue, startRegenerate } from './chat-branch-reducers'
import { chatPageActions, MAX_PAGE, PAGE_SIZE, type ChatPageActions } from './chat-page-actions'
import { initialChatData, type ChatData } from './chat-state'
import { replyPreparer } from './reply-preparer'
import type { ChatDelta } from '../../../shared/contract/schemas/chat'

/** Runs a task before the next frame is painted; returns nothing (tests run it at once). */
export type FrameScheduler = (task: () => void) => void

/** What the chat view can ask of the store. */
interface ChatActions {
  setDraft: (text: string) => void
  /**
   * Sends `text` (default: the draft). No-op for blank text or while a reply is streaming. `quick`
   * marks a conversation this send starts as one from the quick prompt.
   */
  send: (text?: string, options?: { quick?: boolean }) => Promise<void>
  /** Asks main to stop the streaming reply; `chat.done` with `stopped` ends it. */
  stop: () => Promise<void>
  /** Opens a stored conversation on its newest page. */
  open: (conversationId: string) => Promise<void>
  /** Asks for a new reply in place of the latest one (main keeps the old one as a branch). */
  regenerate: (assistantMessageId: string) => Promise<void>
  /** Carries on a stopped, cut-off or interrupted reply; the new text is appended to it. */
  continueReply: (assistantMessageId: string) => Promise<void>
  /** Re-reads the current conversation from main (after a seq gap or a reconnect). */
  reload: () => Promise<void>
  /** Starts a new, empty conversation (the next send creates it). */
  reset: () => void
  dismissError: () => void
  /** Subscribes to chat events and reconnects; returns a function that unsubscribes. */
  connect: () => () => void
}

export type ChatState = ChatData & ChatActions & ChatBranchActions & ChatPageActions

/**
 * The chat store's state creator, apart from any hook so each test builds a fresh store (zustand's
 * testing guide). All state changes go through the pure reducers in chat-reducers.ts. Streamed
 * deltas are applied at most once per frame (`frame`), however fast they arrive.
 */
function chatStateCreator(
  client: HearthClient,
  later: (task: () => void, ms: number) => () => void = defaultLater,
  frame: FrameScheduler = defaultFrame,
): StateCreator<ChatState> {
  return (set, get) => {
    let localCounter = 0
    // Only the newest read may apply: an older answer would roll the view back.
    let reloadTicket = 0
    const preparer = replyPreparer(client, later, get)

    /** Reads a page of the open conversation in place of what is in view. */
    async function read(page: { limit: number; around?: string | undefined }): Promise<boolean> {
      const id = get().conversationId
      if (id === null) return false
      const ticket = ++reloadTicket
      const { limit, around } = page
      const input = around === undefined ? { id, limit } : { id, limit, around }
      const result = await client.invoke('conversations.get', input)
      if (ticket !== reloadTicket) return false
      if (!result.ok) {
        set({ error: result.error.message })
        return false
      }
      set((state) => applyConversation(state, result.value))
      return true
    }

    /** Re-reads what is in view (after a seq gap or a reconnect), older pages included. */
    async function reload(): Promise<void> {
      const { messageIds, newerCursor } = get()
      const limit = Math.min(MAX_PAGE, Math.max(PAGE_SIZE, messageIds.length))
      // A stretch in the middle (from a search hit) is read again around its middle.
      const around = newerCursor === null ? undefined : messageIds[messageIds.length >> 1]
      await read({ limit, around })
    }

    /**
     * After a reply ends: which messages now have alternatives, the context meter and divider, and
     * how the reply was made. Only that is taken; the streamed text stays as it is.
     */
    async function refreshBranchInfo(conversationId: string): Promise<void> {
      const ticket = reloadTicket
      const result = await client.invoke('conversations.get', { id: conversationId })
      if (ticket !== reloadTicket || !result.ok || get().conversationId !== conversationId) return
      set((state) => applyBranchInfo(state, result.value))
    }

    async function open(conversationId: string, around?: string): Promise<boolean> {
      reloadTicket++
      set({ ...initialChatData, conversationId, draft: get().draft })
      preparer.schedule()
      return read({ limit: PAGE_SIZE, around })
    }

    const pages = chatPageActions(client, set, get, {
      open,
      readNewest: () => read({ limit: PAGE_SIZE }),
      ticket: () => reloadTicket,
    })

    // Deltas wait here for the next frame; each frame applies all of them in one state change.
    const pendingDeltas: ChatDelta[] = []
    let frameScheduled = false
    function flushDeltas(): void {
      frameScheduled = false
      if (pendingDeltas.length === 0) return
      let state: ChatData = get()
      let mustReload = false
      for (const delta of pendingDeltas.splice(0)) {
        const outcome = applyDelta(state, delta)
        state = outcome.state
        mustReload ||= outcome.reload
      }
      if (state !== get()) set(state)
      if (mustReload) void reload()
    }

    return {
      ...initialChatData,
      ...chatBranchActions(client, set, get, {
        reload,
        later,
        localIds() {
          localCounter += 1
          return {
            user: `local-user-${localCounter}`,
            assistant: `local-assistant-${localCounter}`,
          }
        },
      }),
      ...pages,
      setDraft: (text) => {
        set({ draft: text })
        preparer.schedule()
      },
      async send(text, options) {
        let state = get()
        const toSend = text ?? state.draft
        if (toSend.trim() === '' || state.generation !== null) return
        preparer.cancel()
        // A reply goes below the newest message: bring it into view first.
        if (state.newerCursor !== null) {
          await pages.jumpToLatest()
          state = get()
        }
        localCounter += 1
        const ids = {
          user: `local-user-${localCounter}`,
          assistant: `local-assistant-${localCounter}`,
        }
        set((s) => startSend(s, toSend, ids))
        const input =
          state.conversationId === null
            ? { text: toSend, ...(options?.quick === true ? { quick: true } : {}) }
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
      open: async (conversationId) => {
        await open(conversationId)
      },
      async regenerate(replyId) {
        if (get().generation !== null) return
        localCounter += 1
        const localId = `local-assistant-${localCounter}`
        set((s) => startRegenerate(s, replyId, localId))
        const result = await client.invoke('chat.regenerate', { assistantMessageId: replyId })
        if (result.ok) {
          const ids = { user: result.value.userMessageId, assistant: localId }
          set((s) => sendSucceeded(s, result.value, ids))
        } else {
          set({ error: result.error.message, generation: null, early: {} })
          await reload()
        }
      },
      async continueReply(replyId) {
        const before = get().messages[replyId]
        if (get().generation !== null || !before) return
        set((s) => startContinue(s, replyId))
        const result = await client.invoke('chat.continue', { assistantMessageId: replyId })
        if (result.ok) {
          const ids = { user: result.value.userMessageId, assistant: replyId }
          set((s) => sendSucceeded(s, result.value, ids))
        } else {
          set((s) => continueFailed(s, before, result.error.message))
        }
      },
      reload,
      reset: () => {
        reloadTicket++
        set({ ...initialChatData, draft: get().draft })
      },
      dismissError: () => set({ error: null }),
      connect() {
        const offDelta = client.on('chat.delta', (delta) => {
          pendingDeltas.push(delta)
          if (!frameScheduled) {
            frameScheduled = true
            frame(flushDeltas)
          }
        })
        const offDone = client.on('chat.done', (done) => {
          flushDeltas()
          set((s) => applyDone(s, done))
          if (done.conversationId === get().conversationId)
            void refreshBranchInfo(done.conversationId)
        })
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

function defaultFrame(task: () => void): void {
  // A hidden window gets no frames; its deltas still arrive in order, at the latest with chat.done.
  if (typeof requestAnimationFrame === 'function') requestAnimationFrame(task)
  else setTimeout(task, 16)
}

function defaultLater(task: () => void, ms: number): () => void {
  const timer = setTimeout(task, ms)
  return () => clearTimeout(timer)
}

/** A fresh chat store bound to `client`; `later` schedules the undo window's end (tests pass their own). */
export function createChatStore(
  client: HearthClient,
  later?: (task: () => void, ms: number) => () => void,
  frame?: FrameScheduler,
): StoreApi<ChatState> {
  return createStore<ChatState>()(chatStateCreator(client, later, frame))
}
