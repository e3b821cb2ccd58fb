import type { ConversationContext } from '../../../shared/contract/schemas/chat'
import type {
  ReplyGeneration,
  StoredConversation,
  StoredMessage,
} from '../../../shared/contract/schemas/conversations'
import {
  SAMPLING_PRESET_VALUES,
  applySamplingValues,
  type ResolvedSampling,
} from '../../../shared/contract/schemas/sampling'
import type { Settings } from '../../../shared/contract/schemas/settings'
import type { PromptContext } from '../engine/engine'

/** What a reply is made with, after the conversation's own settings fell back to the app's. */
export interface ReplySettings {
  systemPrompt: string
  sampling: ResolvedSampling
  /** The built-in or saved preset the values came from; null for custom values. */
  samplingName: string | null
  source: ReplyGeneration['source']
}

/**
 * The conversation's system prompt and sampling where it has its own, the app's otherwise. A
 * conversation's explicit values go over the app's sampling, so "temperature 0.2" in one
 * conversation keeps the app's other values.
 */
export function resolveReplySettings(
  app: Settings,
  conversation: Pick<StoredConversation, 'systemPrompt' | 'sampling'>,
): ReplySettings {
  const appSampling = applySamplingValues(
    SAMPLING_PRESET_VALUES[app.samplingPreset],
    app.samplingValues,
  )
  const appName = app.samplingValues === null ? app.samplingPreset : null
  const own = conversation.sampling
  const sampling =
    own === null
      ? { sampling: appSampling, samplingName: appName }
      : 'preset' in own
        ? { sampling: SAMPLING_PRESET_VALUES[own.preset], samplingName: own.preset }
        : { sampling: applySamplingValues(appSampling, own.values), samplingName: own.name ?? null }
  return {
    systemPrompt: conversation.systemPrompt ?? app.systemPrompt,
    ...sampling,
    source: conversation.systemPrompt !== null || own !== null ? 'conversation' : 'app',
  }
}

/** What a running reply needs at its end to record how it was made. */
export interface ReplyRecord {
  settings: ReplySettings
  model: string | null
  /** `turnIds[i]` is the message of the prompt's turn i. */
  turnIds: string[]
}

/**
 * The record kept with a reply: its settings, the model, and where its prompt stood against the
 * context (the first turn the model saw names the message the conversation's divider goes above).
 */
export function generationRecord(
  { settings, model, turnIds }: ReplyRecord,
  context: PromptContext | undefined,
  replyTokens: number,
): ReplyGeneration {
  return {
    model,
    systemPrompt: settings.systemPrompt,
    sampling: settings.sampling,
    samplingName: settings.samplingName,
    source: settings.source,
    context:
      context === undefined
        ? null
        : {
            contextSize: context.contextSize,
            promptTokens: context.promptTokens,
            replyTokens,
            firstSeenId: context.firstTurn > 0 ? (turnIds[context.firstTurn] ?? null) : null,
          },
  }
}

/** The meter and divider of a branch: from its newest reply that recorded its context. */
export function branchContext(messages: readonly StoredMessage[]): ConversationContext | null {
  for (let index = messages.length - 1; index >= 0; index--) {
    const context = messages[index]?.generation?.context
    if (context) {
      return {
        usedTokens: context.promptTokens + context.replyTokens,
        contextSize: context.contextSize,
        firstSeenId: context.firstSeenId,
      }
    }
  }
  return null
}
