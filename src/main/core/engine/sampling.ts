import type { SamplingPreset } from '../../../shared/contract/schemas/settings'
import type { SamplingOptions } from './engine'

/** The model card's usage: at most 1,024 new tokens. */
export const MAX_NEW_TOKENS = 1024

/**
 * Sampling for each preset. `model-card`: the card's generation_config sets only do_sample and the
 * eos ids, so transformers' defaults apply (temperature 1.0, top-k 50, top-p 1.0, no repeat penalty;
 * node-llama-cpp would otherwise apply 1.1 over the last 64 tokens). `llama3`: Meta's recommendation
 * for Llama 3 Instruct (temperature 0.6, top-p 0.9), top-k still transformers' 50.
 */
export function samplingFor(preset: SamplingPreset): SamplingOptions {
  switch (preset) {
    case 'model-card':
      return {
        temperature: 1.0,
        topK: 50,
        topP: 1.0,
        repeatPenalty: false,
        maxTokens: MAX_NEW_TOKENS,
      }
    case 'llama3':
      return {
        temperature: 0.6,
        topK: 50,
        topP: 0.9,
        repeatPenalty: false,
        maxTokens: MAX_NEW_TOKENS,
      }
    default:
      return preset satisfies never
  }
}
