import type { ReplyGeneration } from '../../../../shared/contract/schemas/conversations'
import {
  SAMPLING_PRESET_LABELS,
  SamplingPresetSchema,
} from '../../../../shared/contract/schemas/sampling'

/** How a reply was made: the model, the system prompt, every sampling value and the context used. */
export function ReplyDetails({ generation }: { generation: ReplyGeneration }) {
  const { sampling, context } = generation
  const summary = [generation.model ?? 'Unknown model', presetName(generation.samplingName)].join(
    ' · ',
  )
  return (
    <details className="reply-details" data-testid="reply-details">
      <summary title={summary}>Details</summary>
      <dl>
        <dt>Model</dt>
        <dd data-testid="reply-details-model">{generation.model ?? 'Unknown'}</dd>
        <dt>Settings</dt>
        <dd>
          {generation.source === 'conversation' ? "This conversation's" : "The app's defaults"}
        </dd>
        <dt>System prompt</dt>
        <dd data-testid="reply-details-system" className="reply-details-prompt">
          {generation.systemPrompt === '' ? 'None' : generation.systemPrompt}
        </dd>
        <dt>Sampling</dt>
        <dd data-testid="reply-details-sampling">
          {presetName(generation.samplingName)}: temperature {sampling.temperature}, top-p{' '}
          {sampling.topP}, top-k {sampling.topK}, min-p {sampling.minP}, repeat penalty{' '}
          {sampling.repeatPenalty}, at most {sampling.maxTokens} new tokens, seed{' '}
          {sampling.seed ?? 'random'}
        </dd>
        {context && (
          <>
            <dt>Context</dt>
            <dd data-testid="reply-details-context">
              {(context.promptTokens + context.replyTokens).toLocaleString()} of{' '}
              {context.contextSize.toLocaleString()} tokens
              {context.firstSeenId === null ? '' : '; earlier messages were beyond its view'}
            </dd>
          </>
        )}
      </dl>
    </details>
  )
}

function presetName(name: string | null): string {
  if (name === null) return 'Custom values'
  const preset = SamplingPresetSchema.safeParse(name)
  return preset.success ? SAMPLING_PRESET_LABELS[preset.data] : `Preset "${name}"`
}
