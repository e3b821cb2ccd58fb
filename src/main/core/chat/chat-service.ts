import { randomUUID } from 'node:crypto'
import type { RequestOutput } from '../../../shared/contract/contract'
import { err, ok, type Result } from '../../../shared/contract/result'
import type { StoredMessage } from '../../../shared/contract/schemas/conversations'
import type { Settings } from '../../../shared/contract/schemas/settings'
import type { Engine, SamplingOptions } from '../engine/engine'
import { startGeneration, type Generation, type GenerationResult } from '../engine/generation'
import type { CoreEvents } from '../events'
import type { HistoryStore } from '../store/history-store'
import { ReplyPersister } from '../store/reply-persister'
import { promptTurns, titleFrom } from './active-branch'
import { fromEngineSampling, toEngineSampling } from '../engine/sampling'
import { readConversationPage, type ConversationPageInput } from './conversation-page'
import { prepareReply } from './reply-preparer'
import {
  generationRecord,
  resolveReplySettings,
  type ReplyRecord,
  type ReplySettings,
} from './reply-settings'
import type { TitleMaker } from './title-maker'

export interface ChatServiceOptions {
  engine: Engine
  events: CoreEvents
  store: HistoryStore
  settings: () => Settings
  /**
   * Overrides the sampling of every reply, the conversation's own included (tests pin a seed;
   * benchmarks pin everything).
   */
  sampling?: (settings: Settings) => SamplingOptions
  /** Makes a short title from the first exchange, off the reply's path. */
  titles?: TitleMaker
  batchIntervalMs?: number
  /**
   * How often a streaming reply is saved (default 250 ms); `false` starts with saving off (benchmark
   * baseline only, see `setPersistence`).
   */
  persistIntervalMs?: number | false
  log?: (message: string, detail?: unknown) => void
}

interface ActiveGeneration {
  generation: Generation
  conversationId: string
  assistantMessageId: string
}

interface ReplyPlan {
  conversationId: string
  parentId: string
  thread: StoredMessage[]
  /** Continuing: the existing reply and its text. */
  existing?: StoredMessage
}

type SendOutput = RequestOutput<'chat.send'>

/**
 * Orchestrates replies over the engine and the history store: saves the user's message, reserves the
 * reply's id, starts the engine and returns at once. The reply is saved as it streams (first chunk
 * at once, then at most every 250 ms), so a crash loses at most that much; `chat.done` follows the
 * final save.
 */
export class ChatService {
  readonly #options: ChatServiceOptions
  readonly #active = new Map<string, ActiveGeneration>()
  #persisting: boolean

  constructor(options: ChatServiceOptions) {
    this.#options = options
    this.#persisting = options.persistIntervalMs !== false
  }

  /**
   * Turns streaming persistence on or off for replies started from now on; on means the configured
   * interval (250 ms by default). Only the persistence benchmark turns it off, between its rounds, so
   * that both sides run on one model instance: two instances differ in speed as much as the
   * overhead being measured.
   */
  setPersistence(on: boolean): void {
    this.#persisting = on
  }

  send(input: {
    conversationId?: string | undefined
    text: string
    quick?: boolean | undefined
  }): Result<SendOutput> {
    const ready = this.#checkReady()
    if (!ready.ok) return ready
    const { store } = this.#options
    let conversationId = input.conversationId
    let parentId: string | null = null
    if (conversationId === undefined) {
      const created = store.createConversation({
        title: titleFrom(input.text),
        quick: input.quick === true,
      })
      if (!created.ok) return created
      conversationId = created.value.id
      this.#changed(conversationId)
    } else {
      const current = store.getConversation(conversationId, { limit: 1 })
      if (!current.ok) return current
      parentId = store.branchLeaf(conversationId)
      // Created empty (its settings were set before the first message): named like a new one.
      if (current.value.conversation.title === '' && parentId === null) {
        const named = store.setTitle(conversationId, titleFrom(input.text))
        if (named.ok) this.#changed(conversationId)
      }
    }
    return this.#askFrom(conversationId, parentId, input.text)
  }

  /**
   * Sends an edited version of a user message: a new message beside the original (same parent),
   * answered afresh; the original and what followed it stay as another branch.
   */
  edit(input: { messageId: string; text: string }): Result<SendOutput> {
    const ready = this.#checkReady()
    if (!ready.ok) return ready
    const original = this.#options.store.getMessage(input.messageId)
    if (!original.ok) return original
    if (original.value.role !== 'user')
      return err('INVALID_INPUT', 'Only your own messages can be edited.')
    return this.#askFrom(original.value.conversationId, original.value.parentId, input.text)
  }

  /**
   * Shows the branch through `messageId` (one of a message's alternatives) down to its newest
   * continuation. Refused while a reply streams into the conversation.
   */
  switchBranch(messageId: string): Result<RequestOutput<'conversations.get'>> {
    const { store } = this.#options
    const message = store.getMessage(messageId)
    if (!message.ok) return message
    const { conversationId } = message.value
    if (this.isStreaming(conversationId))
      return err('BUSY', 'A reply is still being written. Stop it first.')
    const switched = store.setActiveMessage(conversationId, messageId)
    if (!switched.ok) return switched
    return this.getConversation({ id: conversationId })
  }

  /** Saves the user's message under `parentId`, shows its branch and starts the reply. */
  #askFrom(conversationId: string, parentId: string | null, text: string): Result<SendOutput> {
    const { store } = this.#options
    const user = store.addUserMessage({ conversationId, text, parentId })
    if (!user.ok) return user
    const shown = store.setActiveMessage(conversationId, user.value.id)
    if (!shown.ok) return shown
    return this.#startReply(
      { conversationId, parentId: user.value.id, thread: store.getThread(user.value.id) },
      user.value.id,
    )
  }

  /** A new reply to the same user message, as a sibling branch; the old reply stays in the store. */
  regenerate(assistantMessageId: string): Result<SendOutput> {
    const reply = this.#replyToRedo(assistantMessageId)
    if (!reply.ok) return reply
    if (reply.value.parentId === null)
      return err('NOT_FOUND', 'That reply has no question to answer again.')
    const { store } = this.#options
    // The new reply's branch is shown: it becomes the newest continuation of the question.
    const shown = store.setActiveMessage(reply.value.conversationId, reply.value.parentId)
    if (!shown.ok) return shown
    const thread = store.getThread(reply.value.parentId)
    return this.#startReply(
      { conversationId: reply.value.conversationId, parentId: reply.value.parentId, thread },
      reply.value.parentId,
    )
  }

  /** Carries on a reply that was stopped, cut at the token limit or interrupted by a crash. */
  continue(assistantMessageId: string): Result<SendOutput> {
    const reply = this.#replyToRedo(assistantMessageId)
    if (!reply.ok) return reply
    const { finishReason, parentId, conversationId } = reply.value
    if (finishReason !== 'stopped' && finishReason !== 'interrupted' && finishReason !== 'length') {
      return err('INVALID_INPUT', 'Only a reply that was stopped or cut off can be continued.')
    }
    if (parentId === null) return err('NOT_FOUND', 'That reply has no question to continue from.')
    const reopened = this.#options.store.reopenReply(assistantMessageId)
    if (!reopened.ok) return reopened
    const thread = this.#options.store.getThread(parentId)
    return this.#startReply({ conversationId, parentId, thread, existing: reply.value }, parentId)
  }

  /** The user is looking at a conversation and maybe typing: see reply-preparer.ts. */
  prepare(input: { conversationId: string; draft: string }): Result<RequestOutput<'chat.prepare'>> {
    return prepareReply(input, {
      ...this.#options,
      busy: this.#active.size > 0,
      replySettings: (conversation) => this.#replySettings(conversation),
      maxTokens: (settings) => this.#samplingFor(settings).maxTokens,
    })
  }

  stop(generationId: string): Result<RequestOutput<'chat.stop'>> {
    const active = this.#active.get(generationId)
    if (active === undefined) return ok({ stopped: false })
    active.generation.stop()
    return ok({ stopped: true })
  }

  /**
   * A page of the conversation's shown branch (see `BranchPageOptions`). A page around a message on
   * another branch switches the conversation to that branch first, unless a reply is streaming.
   */
  getConversation(input: ConversationPageInput): Result<RequestOutput<'conversations.get'>> {
    const activeGenerationId =
      [...this.#active.values()].find((a) => a.conversationId === input.id)?.generation.id ?? null
    return readConversationPage(this.#options.store, input, activeGenerationId)
  }

  /** True while a reply streams into this conversation (deleting it then is refused). */
  isStreaming(conversationId: string): boolean {
    return [...this.#active.values()].some((active) => active.conversationId === conversationId)
  }

  /** Stops every running reply and waits for each to be saved. */
  async stopAll(): Promise<void> {
    this.#options.titles?.cancel()
    const running = [...this.#active.values()]
    for (const active of running) active.generation.stop()
    await Promise.all(running.map((active) => active.generation.result))
  }

  #checkReady(): Result<void> {
    const status = this.#options.engine.getStatus()
    if (status.state === 'loading')
      return err('BUSY', 'The model is still loading. Try again in a moment.')
    if (status.state !== 'ready')
      return err('NO_MODEL', 'No model is loaded. Choose a model before sending a message.')
    if (this.#active.size > 0) return err('BUSY', 'A reply is still being written. Stop it first.')
    return ok(undefined)
  }

  /** The reply to regenerate or continue, once the engine is free to write it. */
  #replyToRedo(id: string): Result<StoredMessage> {
    const ready = this.#checkReady()
    if (!ready.ok) return ready
    const message = this.#options.store.getMessage(id)
    if (!message.ok) return message
    if (message.value.role !== 'assistant')
      return err('INVALID_INPUT', 'That message is not a reply.')
    return message
  }

  #startReply(plan: ReplyPlan, userMessageId: string): Result<SendOutput> {
    const { engine, events, store } = this.#options
    // A background title yields to the user's reply.
    this.#options.titles?.cancel()
    const conversation = store.getConversation(plan.conversationId, { limit: 1 })
    if (!conversation.ok) return conversation
    const settings = this.#replySettings(conversation.value.conversation)
    const generationId = randomUUID()
    const prefix = plan.existing?.text
    const interval = this.#options.persistIntervalMs
    const log = this.#options.log
    const persister = this.#persisting
      ? new ReplyPersister(store, {
          conversationId: plan.conversationId,
          parentId: plan.parentId,
          ...(plan.existing === undefined
            ? {}
            : { messageId: plan.existing.id, existingText: plan.existing.text }),
          intervalMs: interval === false ? undefined : interval,
          onError: (error) => log?.(`Saving the reply failed: ${error.message}`),
        })
      : null
    const assistantMessageId = persister?.messageId ?? plan.existing?.id ?? randomUUID()
    const turns = promptTurns(plan.thread)
    const systemPrompt = settings.systemPrompt
    const generation = startGeneration({
      id: generationId,
      engine,
      history: turns,
      systemPrompt,
      sampling: this.#samplingFor(settings),
      ...(prefix === undefined ? {} : { responsePrefix: prefix }),
      conversationId: plan.conversationId,
      batchIntervalMs: this.#options.batchIntervalMs,
      onDelta: (seq, text) => events.emit('chat.delta', { generationId, seq, text }),
      onChunk: (chunk) => persister?.push(chunk),
      ...(log ? { log } : {}),
    })
    const active = { generation, conversationId: plan.conversationId, assistantMessageId }
    this.#active.set(generationId, active)
    const record: ReplyRecord = {
      settings,
      model: engine.getStatus().modelName,
      turnIds: turns.map((turn) => turn.id),
    }
    void generation.result.then((result) =>
      this.#finish(active, result, persister, { prefix: prefix ?? '', plan, systemPrompt, record }),
    )
    return ok({
      conversationId: plan.conversationId,
      userMessageId,
      assistantMessageId,
      generationId,
    })
  }

  /** The conversation's settings over the app's; sampling pinned by the caller wins over both. */
  #replySettings(conversation: Parameters<typeof resolveReplySettings>[1]): ReplySettings {
    const app = this.#options.settings()
    const settings = resolveReplySettings(app, conversation)
    const pinned = this.#options.sampling?.(app)
    return pinned === undefined
      ? settings
      : { ...settings, sampling: fromEngineSampling(pinned), samplingName: null }
  }

  /** The engine's sampling for a reply with these settings (pinned sampling wins). */
  #samplingFor(settings: ReplySettings): SamplingOptions {
    return this.#options.sampling?.(this.#options.settings()) ?? toEngineSampling(settings.sampling)
  }

  /**
   * Saves the reply's end, releases the busy state and sends `chat.done`. Whatever throws on the
   * way (the store, a listener, the title maker), the busy state is released and `chat.done` goes
   * out with a typed error, so the next send works.
   */
  #finish(
    active: ActiveGeneration,
    result: GenerationResult,
    persister: ReplyPersister | null,
    reply: { prefix: string; plan: ReplyPlan; systemPrompt: string; record: ReplyRecord },
  ): void {
    const { plan } = reply
    const text = reply.prefix + result.text
    let error = result.error
    try {
      if (persister !== null) {
        if (text.length > 0) {
          const saved = persister.finish(result.finishReason, result.stats)
          if (!saved.ok) error ??= saved.error
          const generation = generationRecord(
            reply.record,
            result.context,
            result.stats?.tokenCount ?? 0,
          )
          const recorded = this.#options.store.recordGeneration(persister.messageId, generation)
          if (!recorded.ok)
            this.#options.log?.(`Recording the reply failed: ${recorded.error.message}`)
        } else {
          // An empty reply is never saved as an answer: a failure shows its error, a stop shows nothing.
          persister.dispose()
        }
      }
    } catch (cause) {
      this.#options.log?.('Saving the end of a reply failed', cause)
      persister?.dispose()
      error ??= {
        code: 'INTERNAL',
        message: 'Hearth could not save the end of this reply. Try again.',
      }
    } finally {
      this.#active.delete(active.generation.id)
    }
    const { finishReason } = result
    try {
      this.#changed(active.conversationId)
      this.#options.events.emit('chat.done', {
        generationId: active.generation.id,
        conversationId: active.conversationId,
        assistantMessageId: active.assistantMessageId,
        finishReason,
        text,
        stats: result.stats,
        error,
      })
    } catch (cause) {
      this.#options.log?.('Announcing the end of a reply failed', cause)
    }
    if (plan.existing === undefined && finishReason === 'done' && plan.thread.length === 1) {
      try {
        this.#options.titles?.suggest({
          conversationId: active.conversationId,
          turns: [...promptTurns(plan.thread), { role: 'assistant', text }],
          systemPrompt: reply.systemPrompt,
        })
      } catch (cause) {
        this.#options.log?.('Titling the conversation failed', cause)
      }
    }
  }

  #changed(conversationId: string): void {
    this.#options.events.emit('conversations.changed', { ids: [conversationId] })
  }
}
