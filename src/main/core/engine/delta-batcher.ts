/**
 * Gathers streamed text and hands it on in batches about every `intervalMs` (30 ms by default):
 * one IPC message per token would cost more than the token itself on a fast GPU, while 30 ms is
 * below what a reader notices. `seq` counts batches from 0 so the renderer can detect a gap.
 */
export class DeltaBatcher {
  readonly #intervalMs: number
  readonly #send: (seq: number, text: string) => void
  #pending = ''
  #seq = 0
  #timer: ReturnType<typeof setTimeout> | null = null

  constructor(send: (seq: number, text: string) => void, intervalMs = 30) {
    this.#send = send
    this.#intervalMs = intervalMs
  }

  push(text: string): void {
    if (text.length === 0) return
    this.#pending += text
    // The first text goes out at once so time to first token is not padded by the batch window.
    if (this.#seq === 0 && this.#timer === null) {
      this.flush()
      return
    }
    this.#timer ??= setTimeout(() => this.flush(), this.#intervalMs)
  }

  /** Sends whatever is pending now; called at the end of a generation before `chat.done`. */
  flush(): void {
    if (this.#timer !== null) {
      clearTimeout(this.#timer)
      this.#timer = null
    }
    if (this.#pending.length === 0) return
    const text = this.#pending
    this.#pending = ''
    this.#send(this.#seq++, text)
  }
}
