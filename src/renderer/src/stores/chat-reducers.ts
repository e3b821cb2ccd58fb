import type { AppError } from '../../../shared/contract/errors'
import type {
  ChatDelta,
  ChatDone,
  ConversationWithMessages,
  Message,
} from '../../../shared/contract/schemas/chat'
import type { RequestOutput } from '../../../shared/contract/contract'
import type { ChatData, ChatMessage } from './chat-state'

// Pure functions from state and one input to the next state: the store only wires them to the
// client, so each rule here is tested without a transport.

/** Local ids for the two optimistic messages of one send. */
export interface LocalIds {
  user: string
  assistant: string
}

/** The user pressed Send: show their message and an empty reply at once. */
export function startSend(state: ChatData, text: string, ids: LocalIds): ChatData {
  const user: ChatMessage = {
    id: ids.user,
    role: 'user',
    text,
    finishReason: null,
    stats: null,
    error: null,
    streaming: false,
  }
  const assistant: ChatMessage = {
    ...user,
    id: ids.assistant,
    role: 'assistant',
    text: '',
    streaming: true,
  }
  return {
    ...state,
    messageIds: [...state.messageIds, ids.user, ids.assistant],
    messages: { ...state.messages, [ids.user]: user, [ids.assistant]: assistant },
    generation: { id: null, assistantMessageId: ids.assistant, nextSeq: 0, synced: true },
    early: {},
    draft: '',
    error: null,
  }
}

/** `chat.send` answered: swap local ids for main's and replay events that came first. */
export function sendSucceeded(
  state: ChatData,
  output: RequestOutput<'chat.send'>,
  ids: LocalIds,
): ChatData {
  let next: ChatData = {
    ...state,
    conversationId: output.conversationId,
    messageIds: state.messageIds.map((id) =>
      id === ids.user
        ? output.userMessageId
        : id === ids.assistant
          ? output.assistantMessageId
          : id,
    ),
    messages: renameMessages(state.messages, {
      [ids.user]: output.userMessageId,
      [ids.assistant]: output.assistantMessageId,
    }),
    generation: {
      id: output.generationId,
      assistantMessageId: output.assistantMessageId,
      nextSeq: 0,
      synced: true,
    },
    early: {},
  }
  const early = state.early[output.generationId]
  if (early) {
    const sorted = [...early.deltas].sort((a, b) => a.seq - b.seq)
    for (const delta of sorted) next = applyDelta(next, delta).state
    if (early.done) next = applyDone(next, early.done)
  }
  return next
}

/** `chat.send` failed: take the optimistic messages back and give the text back to the composer. */
export function sendFailed(
  state: ChatData,
  error: AppError,
  text: string,
  ids: LocalIds,
): ChatData {
  const messages = Object.fromEntries(
    Object.entries(state.messages).filter(([id]) => id !== ids.user && id !== ids.assistant),
  )
  return {
    ...state,
    messageIds: state.messageIds.filter((id) => id !== ids.user && id !== ids.assistant),
    messages,
    generation: null,
    early: {},
    // Whatever was typed meanwhile stays, after the text that failed.
    draft: state.draft === '' ? text : `${text}\n${state.draft}`,
    error: error.message,
  }
}

/** The result of a delta: the next state, and whether a gap means the conversation must be re-read. */
export interface DeltaOutcome {
  state: ChatData
  reload: boolean
}

/** Appends a streamed batch in seq order; a gap asks for a reload, a repeat is dropped. */
export function applyDelta(state: ChatData, delta: ChatDelta): DeltaOutcome {
  const generation = state.generation
  if (!generation) return { state, reload: false }
  if (generation.id === null) {
    return {
      state: bufferEarly(state, delta.generationId, (e) => ({
        ...e,
        deltas: [...e.deltas, delta],
      })),
      reload: false,
    }
  }
  if (delta.generationId !== generation.id || !generation.synced) return { state, reload: false }
  if (delta.seq < generation.nextSeq) return { state, reload: false }
  if (delta.seq > generation.nextSeq) {
    return { state: { ...state, generation: { ...generation, synced: false } }, reload: true }
  }
  const message = state.messages[generation.assistantMessageId]
  if (!message) return { state, reload: true }
  return {
    state: {
      ...state,
      messages: {
        ...state.messages,
        [message.id]: { ...message, text: message.text + delta.text },
      },
      generation: { ...generation, nextSeq: generation.nextSeq + 1 },
    },
    reload: false,
  }
}

/** The reply ended: main's final text, reason, stats and error replace what was streamed. */
export function applyDone(state: ChatData, done: ChatDone): ChatData {
  const generation = state.generation
  if (generation && generation.id === null) {
    return bufferEarly(state, done.generationId, (e) => ({ ...e, done }))
  }
  const ours = generation !== null && generation.id === done.generationId
  const targetId = ours ? generation.assistantMessageId : done.assistantMessageId
  const message = state.messages[targetId]
  if (!message) return ours ? { ...state, generation: null } : state
  const finished: ChatMessage = {
    ...message,
    id: done.assistantMessageId,
    text: done.text,
    finishReason: done.finishReason,
    stats: done.stats,
    error: done.error,
    streaming: false,
  }
  return {
    ...state,
    messageIds: state.messageIds.map((id) => (id === targetId ? done.assistantMessageId : id)),
    messages: {
      ...renameMessages(state.messages, { [targetId]: done.assistantMessageId }),
      [done.assistantMessageId]: finished,
    },
    generation: ours ? null : state.generation,
  }
}

/**
 * Replaces the view with what main has stored (after a gap, a reconnect, or opening a
 * conversation). A reply still streaming stays marked as streaming and waits for `chat.done`.
 */
export function applyConversation(state: ChatData, data: ConversationWithMessages): ChatData {
  if (state.conversationId !== null && state.conversationId !== data.conversation.id) return state
  if (state.generation?.id === null) return state // a send is in flight; its answer comes next
  const messages: Record<string, ChatMessage> = {}
  const messageIds: string[] = []
  for (const message of data.messages) {
    messages[message.id] = fromStored(message, state.messages[message.id]?.error ?? null)
    messageIds.push(message.id)
  }
  const activeId = data.activeGenerationId
  let generation = null
  // A page that ends before the newest message does not hold the reply being written.
  if (activeId !== null && !data.hasNewer) {
    const local = state.generation?.id === activeId ? state.generation : null
    const last = data.messages.at(-1)
    const assistantMessageId =
      local?.assistantMessageId ?? (last?.role === 'assistant' ? last.id : `pending-${activeId}`)
    generation = { id: activeId, assistantMessageId, nextSeq: local?.nextSeq ?? 0, synced: false }
    const stored = messages[assistantMessageId]
    if (stored) {
      messages[assistantMessageId] = { ...stored, streaming: true, finishReason: null }
    } else {
      // Main writes the reply's row with its first text; until then keep what we have.
      const kept = state.messages[assistantMessageId]
      messages[assistantMessageId] = {
        id: assistantMessageId,
        role: 'assistant',
        text: kept?.text ?? '',
        finishReason: null,
        stats: null,
        error: null,
        streaming: true,
      }
      messageIds.push(assistantMessageId)
    }
  } else if (state.generation) {
    // The reply ended while we were not listening; if main kept no row for it, say so.
    const lost = state.messages[state.generation.assistantMessageId]
    if (lost && !messages[lost.id]) {
      messages[lost.id] = { ...lost, streaming: false, finishReason: 'interrupted' }
      messageIds.push(lost.id)
    }
  }
  return {
    ...applyBranchInfo(state, data),
    conversationId: data.conversation.id,
    messageIds,
    messages,
    generation,
    early: {},
    ...pageCursors(data),
    loadingPage: null,
  }
}

/** The cursors a freshly read page leaves for the pages before and after it. */
function pageCursors(
  data: ConversationWithMessages,
): Pick<ChatData, 'olderCursor' | 'newerCursor'> {
  return {
    olderCursor: data.hasMore ? data.before : null,
    newerCursor: data.hasNewer ? data.after : null,
  }
}

/**
 * Takes the branch information of a fresh read (alternatives, the context meter and divider, the
 * conversation's settings, how each reply was made) without touching the messages' text: after a
 * reply ends, what streamed stays as it is, failed replies that main never stored included.
 */
export function applyBranchInfo(state: ChatData, data: ConversationWithMessages): ChatData {
  if (state.conversationId !== null && state.conversationId !== data.conversation.id) return state
  let messages = state.messages
  for (const stored of data.messages) {
    const current = messages[stored.id]
    if (current && current.generation !== stored.generation && stored.generation !== undefined) {
      messages = { ...messages, [stored.id]: { ...current, generation: stored.generation } }
    }
  }
  // Alternatives of messages outside this read (older pages in view) are kept.
  const read = new Set(data.messages.map((m) => m.id))
  const branches = Object.fromEntries(
    Object.entries(state.branches).filter(([id]) => !read.has(id)),
  )
  return {
    ...state,
    messages,
    conversation: data.conversation,
    branches: { ...branches, ...data.branches },
    context: data.context ?? null,
  }
}

export function fromStored(message: Message, error: AppError | null): ChatMessage {
  return {
    id: message.id,
    role: message.role,
    text: message.text,
    finishReason: message.finishReason,
    stats: message.stats,
    error,
    streaming: false,
    generation: message.generation ?? null,
  }
}

function renameMessages(
  messages: Record<string, ChatMessage>,
  renames: Record<string, string>,
): Record<string, ChatMessage> {
  const next: Record<string, ChatMessage> = {}
  for (const [id, message] of Object.entries(messages)) {
    const newId = renames[id] ?? id
    // Untouched messages keep their identity, so their memoised rows do not re-render.
    next[newId] = newId === id ? message : { ...message, id: newId }
  }
  return next
}

function bufferEarly(
  state: ChatData,
  generationId: string,
  update: (events: { deltas: ChatDelta[]; done: ChatDone | null }) => {
    deltas: ChatDelta[]
    done: ChatDone | null
  },
): ChatData {
  const current = state.early[generationId] ?? { deltas: [], done: null }
  return { ...state, early: { ...state.early, [generationId]: update(current) } }
}
