import type { Engine } from '../engine/engine'
import type { CoreEvents } from '../events'
import type { HistoryStore } from '../store/history-store'
import { titleFrom } from './active-branch'

const TITLE_PROMPT =
  'Write a title of at most six words for a conversation that starts with the exchange below. Answer with the title only.'

/**
 * Asks the model for a short title after a conversation's first exchange. It runs after the reply
 * (never on its path), yields to the user's next message (`cancel`), and never replaces a title the
 * user has set: it only replaces the provisional title taken from the first message.
 */
export class TitleMaker {
  readonly #engine: Engine
  readonly #store: HistoryStore
  readonly #events: CoreEvents
  #abort: AbortController | null = null

  constructor(engine: Engine, store: HistoryStore, events: CoreEvents) {
    this.#engine = engine
    this.#store = store
    this.#events = events
  }

  suggest(conversationId: string, question: string, answer: string): void {
    this.cancel()
    const abort = new AbortController()
    this.#abort = abort
    const provisional = titleFrom(question)
    void this.#engine
      .generate({
        history: [
          {
            role: 'user',
            text: `${TITLE_PROMPT}\n\nUser: ${question.slice(0, 2000)}\n\nAssistant: ${answer.slice(0, 2000)}`,
          },
        ],
        systemPrompt: '',
        sampling: { temperature: 0.6, topK: 50, topP: 0.9, repeatPenalty: false, maxTokens: 24 },
        signal: abort.signal,
        onTextChunk: () => undefined,
      })
      .then((result) => {
        if (abort.signal.aborted || !result.ok) return
        const title = cleanTitle(result.value.text)
        if (title === null) return
        const current = this.#store.getConversation(conversationId, { limit: 1 })
        // The user renamed it meanwhile (or deleted it): leave it alone.
        if (!current.ok || current.value.conversation.title !== provisional) return
        if (this.#store.setTitle(conversationId, title).ok)
          this.#events.emit('conversations.changed', { ids: [conversationId] })
      })
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
