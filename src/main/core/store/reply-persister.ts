import type { AppError } from '../../../shared/contract/errors'
import type { FinishReason, ReplyStats } from '../../../shared/contract/schemas/chat'
import type { StoredMessage } from '../../../shared/contract/schemas/conversations'
import type { Result } from '../../../shared/contract/result'
import { newId } from './ids'
import type { ReplyUpdate } from './messages'

/** The store calls a persister needs (HistoryStore has them). */
export interface ReplyWriter {
  beginReply(input: {
    conversationId: string
    parentId: string | null
    text?: string
    id?: string
  }): Result<StoredMessage>
  appendReply(id: string, update: ReplyUpdate): Result<void>
  finishReply(
    id: string,
    input: { finishReason: FinishReason; stats?: ReplyStats | null; text?: string },
  ): Result<StoredMessage>
}

export interface ReplyPersisterOptions {
  conversationId: string
  /** The user message this reply answers. */
  parentId: string | null
  /** Reserve the id up front (to return it to the caller at once); a new one otherwise. */
  messageId?: string
  /** The most often the text is written while streaming (the first chunk is written at once). */
  intervalMs?: number
  /**
   * The reply already exists with this text (continuing a stopped or interrupted reply): new text is
   * appended to it and no row is inserted.
   */
  existingText?: string
  /** A write failed (disk full…): the text stays in memory and the next write retries it. */
  onError?: (error: AppError) => void
}

/** Default time between two writes of a streaming reply. */
export const PERSIST_INTERVAL_MS = 250

/**
 * Saves a streaming reply so a crash loses at most `intervalMs` of it: the row is written with the
 * first chunk, then the whole text so far at most every 250 ms from a timer (never a wait in the
 * caller), and once more by `finish`. `push` itself only appends to a string, so it is cheap to
 * call on every delta. Whole-text writes make a failed write harmless: the next one carries it.
 */
export class ReplyPersister {
  readonly messageId: string
  #text = ''
  #begun = false
  #dirty = false
  #finished = false
  #lastWrite = 0
  #timer: ReturnType<typeof setTimeout> | null = null
  readonly #writer: ReplyWriter
  readonly #options: ReplyPersisterOptions
  readonly #intervalMs: number

  constructor(writer: ReplyWriter, options: ReplyPersisterOptions) {
    this.#writer = writer
    this.#options = options
    this.messageId = options.messageId ?? newId()
    this.#intervalMs = options.intervalMs ?? PERSIST_INTERVAL_MS
    if (options.existingText !== undefined) {
      this.#text = options.existingText
      this.#begun = true
    }
  }

  /** The text so far. */
  get text(): string {
    return this.#text
  }

  /** Adds streamed text. The first call writes the row; later ones schedule a write. */
  push(delta: string): void {
    if (this.#finished || delta === '') return
    this.#text += delta
    this.#dirty = true
    // The first chunk is written at once; after a failed first write, retries wait like appends.
    if (!this.#begun && this.#lastWrite === 0) {
      this.flush()
      return
    }
    if (this.#timer !== null) return
    const wait = Math.max(0, this.#lastWrite + this.#intervalMs - performance.now())
    this.#timer = setTimeout(() => {
      this.#timer = null
      this.flush()
    }, wait)
  }

  /** Writes the text now if anything is unsaved. */
  flush(): Result<void> | null {
    if (!this.#dirty || this.#finished) return null
    const result = this.#begun
      ? this.#writer.appendReply(this.messageId, { text: this.#text })
      : this.#begin()
    this.#lastWrite = performance.now()
    if (result.ok) this.#dirty = false
    else this.#options.onError?.(result.error)
    return result
  }

  #begin(): Result<void> {
    const result = this.#writer.beginReply({
      conversationId: this.#options.conversationId,
      parentId: this.#options.parentId,
      id: this.messageId,
      text: this.#text,
    })
    if (!result.ok) return result
    this.#begun = true
    return { ok: true, value: undefined }
  }

  /** Saves the final text with why it ended and its figures; the row is created if no text came. */
  finish(finishReason: FinishReason, stats: ReplyStats | null = null): Result<StoredMessage> {
    this.#clearTimer()
    if (!this.#begun) {
      const begun = this.#begin()
      if (!begun.ok) return begun
    }
    const result = this.#writer.finishReply(this.messageId, {
      finishReason,
      stats,
      text: this.#text,
    })
    if (result.ok) this.#finished = true
    return result
  }

  /** Stops the timer without writing (the reply will read as `interrupted` at the next start). */
  dispose(): void {
    this.#clearTimer()
    this.#finished = true
  }

  #clearTimer(): void {
    if (this.#timer !== null) clearTimeout(this.#timer)
    this.#timer = null
  }
}
