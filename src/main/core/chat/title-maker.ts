import type { ChatTurn, Engine } from '../engine/engine'
import type { CoreEvents } from '../events'
import type { HistoryStore } from '../store/history-store'
import { titleFrom } from './active-branch'

const TITLE_REQUEST =
  'Write a title of at most six words for this conversation so far. Answer with the title only.'

/** The conversation a title is asked for: its first exchange, as the reply was generated. */
export interface TitleRequest {
  conversationId: string
  /** The first user message and the reply to it. */
  turns: readonly ChatTurn[]
  /** The system prompt the reply was generated with (the same prefix keeps it evaluated). */
  systemPrompt: string
}

/**
 * Asks the model for a short title after a conversation's first exchange. It runs after the reply
 * (never on its path), yields to the user's next message (`cancel`), and never replaces a title the
 * user has set: it only replaces the provisional title taken from the first message.
 *
 * The request is a continuation of the conversation (a side job): the engine evaluates only the
 * request and the title on top of the exchange it has already evaluated, then erases them, so the
 * conversation's evaluated state survives the title (issue 15 measured the alternatives in
 * `engine.title_*`: a separate prompt on the same sequence evicted the whole exchange).
 */
export class TitleMaker {
  readonly #engine: Engine
  readonly #store: HistoryStore
  readonly #events: CoreEvents
  readonly #log: (message: string, detail?: unknown) => void
  #abort: AbortController | null = null

  constructor(
    engine: Engine,
    store: HistoryStore,
    events: CoreEvents,
    log: (message: string, detail?: unknown) => void = () => undefined,
  ) {
    this.#engine = engine
    this.#store = store
    this.#events = events
    this.#log = log
  }

  suggest(request: TitleRequest): void {
    this.cancel()
    const abort = new AbortController()
    this.#abort = abort
    const provisional = titleFrom(request.turns[0]?.text ?? '')
    void Promise.resolve()
      .then(() =>
        this.#engine.generate({
          history: [...request.turns, { role: 'user', text: TITLE_REQUEST }],
          systemPrompt: request.systemPrompt,
          sampling: { temperature: 0.6, topK: 50, topP: 0.9, repeatPenalty: false, maxTokens: 24 },
          signal: abort.signal,
          onTextChunk: () => undefined,
          conversationId: request.conversationId,
          sideJob: true,
        }),
      )
      .then((result) => {
        if (abort.signal.aborted || !result.ok) return
        const title = cleanTitle(result.value.text)
        if (title === null) return
        const current = this.#store.getConversation(request.conversationId, { limit: 1 })
        // The user renamed it meanwhile (or deleted it): leave it alone.
        if (!current.ok || current.value.conversation.title !== provisional) return
        if (this.#store.setTitle(request.conversationId, title).ok)
          this.#events.emit('conversations.changed', { ids: [request.conversationId] })
      })
      // A title is a nicety: a failure leaves the provisional one and is only logged.
      .catch((cause: unknown) => this.#log('Titling a conversation failed', cause))
      .finally(() => {
        if (this.#abort === abort) this.#abort = null
      })
  }

  cancel(): void {
    this.#abort?.abort()
    this.#abort = null
  }
}

/** One line, no quotes or trailing punctuation, at most 80 characters; null when nothing usable came. */
export function cleanTitle(raw: string): string | null {
  const line =
    raw
      .split('\n')
      .map((part) => part.trim())
      .find((part) => part.length > 0) ?? ''
  const cleaned = line
    .replace(/^(title:\s*)/i, '')
    .replace(/^["'“”*#\s]+|["'“”*\s.]+$/g, '')
    .trim()
  if (cleaned.length === 0) return null
  return cleaned.length > 80 ? `${cleaned.slice(0, 79)}…` : cleaned
}
