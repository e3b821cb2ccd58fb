import { randomUUID } from 'node:crypto'
import type { RequestOutput } from '../../../shared/contract/contract'
import { err, ok, type Result } from '../../../shared/contract/result'
import type { Message } from '../../../shared/contract/schemas/chat'
import type { Settings } from '../../../shared/contract/schemas/settings'
import type { Engine, SamplingOptions } from '../engine/engine'
import { startGeneration, type Generation, type GenerationResult } from '../engine/generation'
import { samplingFor } from '../engine/sampling'
import type { CoreEvents } from '../events'
import { toChatTurns, titleFrom, type ConversationHistory } from './history'

export interface ChatServiceOptions {
  engine: Engine
  events: CoreEvents
  history: ConversationHistory
  settings: () => Settings
  /** Overrides the preset's sampling (tests pin a seed; benchmarks pin everything). */
  sampling?: (settings: Settings) => SamplingOptions
  batchIntervalMs?: number
  now?: () => number
}

interface ActiveGeneration {
  generation: Generation
  conversationId: string
  assistantMessageId: string
}

/**
 * Orchestrates a reply: saves the user's message, reserves the assistant's id, starts the engine and
 * returns at once; deltas and `chat.done` follow as events, `chat.done` only after the reply is saved.
 */
export class ChatService {
  readonly #options: ChatServiceOptions
  readonly #active = new Map<string, ActiveGeneration>()

  constructor(options: ChatServiceOptions) {
    this.#options = options
  }

  send(input: {
    conversationId?: string | undefined
    text: string
  }): Result<RequestOutput<'chat.send'>> {
    const { engine, history, events } = this.#options
    const status = engine.getStatus()
    if (status.state === 'loading')
      return err('BUSY', 'The model is still loading. Try again in a moment.')
    if (status.state !== 'ready') {
      return err('NO_MODEL', 'No model is loaded. Choose a model before sending a message.')
    }
    if (this.#active.size > 0) return err('BUSY', 'A reply is still being written. Stop it first.')

    const now = this.#now()
    let conversationId = input.conversationId
    if (conversationId === undefined) {
      conversationId = randomUUID()
      history.createConversation({
        id: conversationId,
        title: titleFrom(input.text),
        createdAt: now,
        updatedAt: now,
      })
    } else if (history.getConversation(conversationId) === null) {
      return err('NOT_FOUND', 'That conversation no longer exists.')
    }

    const userMessage: Message = {
      id: randomUUID(),
      conversationId,
      role: 'user',
      text: input.text,
      createdAt: now,
      finishReason: null,
      stats: null,
    }
    history.addMessage(userMessage)
    history.touchConversation(conversationId, now)

    const settings = this.#options.settings()
    const assistantMessageId = randomUUID()
    const generationId = randomUUID()
    const generation = startGeneration({
      id: generationId,
      engine,
      history: toChatTurns(history.listMessages(conversationId)),
      systemPrompt: settings.systemPrompt,
      sampling: (this.#options.sampling ?? ((s: Settings) => samplingFor(s.samplingPreset)))(
        settings,
      ),
      batchIntervalMs: this.#options.batchIntervalMs,
      onDelta: (seq, text) => events.emit('chat.delta', { generationId, seq, text }),
    })
    const active = { generation, conversationId, assistantMessageId }
    this.#active.set(generation.id, active)
    void generation.result.then((result) => this.#finish(active, result))

    return ok({
      conversationId,
      userMessageId: userMessage.id,
      assistantMessageId,
      generationId: generation.id,
    })
  }

  stop(generationId: string): Result<RequestOutput<'chat.stop'>> {
    const active = this.#active.get(generationId)
    if (active === undefined) return ok({ stopped: false })
    active.generation.stop()
    return ok({ stopped: true })
  }

  getConversation(id: string): Result<RequestOutput<'conversations.get'>> {
    const conversation = this.#options.history.getConversation(id)
    if (conversation === null) return err('NOT_FOUND', 'That conversation no longer exists.')
    const activeGenerationId =
      [...this.#active.values()].find((a) => a.conversationId === id)?.generation.id ?? null
    return ok({
      conversation,
      messages: this.#options.history.listMessages(id),
      activeGenerationId,
    })
  }

  /** Stops every running reply and waits for each to be saved. */
  async stopAll(): Promise<void> {
    const running = [...this.#active.values()]
    for (const active of running) active.generation.stop()
    await Promise.all(running.map((active) => active.generation.result))
  }

  #finish(active: ActiveGeneration, result: GenerationResult): void {
    const { history, events } = this.#options
    const now = this.#now()
    // An empty reply is never saved as an answer: a failure shows its error, a stop shows nothing.
    if (result.text.length > 0) {
      history.addMessage({
        id: active.assistantMessageId,
        conversationId: active.conversationId,
        role: 'assistant',
        text: result.text,
        createdAt: now,
        finishReason: result.finishReason,
        stats: result.stats,
      })
      history.touchConversation(active.conversationId, now)
    }
    this.#active.delete(active.generation.id)
    events.emit('chat.done', {
      generationId: active.generation.id,
      conversationId: active.conversationId,
      assistantMessageId: active.assistantMessageId,
      finishReason: result.finishReason,
      text: result.text,
      stats: result.stats,
      error: result.error,
    })
  }

  #now(): number {
    return (this.#options.now ?? Date.now)()
  }
}
