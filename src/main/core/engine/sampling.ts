import {
  MAX_NEW_TOKENS,
  SAMPLING_PRESET_VALUES,
  type ResolvedSampling,
  type SamplingPreset,
} from '../../../shared/contract/schemas/sampling'
import type { SamplingOptions } from './engine'

export { MAX_NEW_TOKENS }

/** The repeat penalty looks back over this many tokens (node-llama-cpp's default). */
const REPEAT_PENALTY_WINDOW = 64

/**
 * Sampling for each preset (values in the shared SAMPLING_PRESET_VALUES). `model-card`: the card's
 * generation_config sets only do_sample and the eos ids, so transformers' defaults apply
 * (temperature 1.0, top-k 50, top-p 1.0, no repeat penalty; node-llama-cpp would otherwise apply 1.1
 * over the last 64 tokens). `llama3`: Meta's recommendation for Llama 3 Instruct (temperature 0.6,
 * top-p 0.9), top-k still transformers' 50.
 */
export function samplingFor(preset: SamplingPreset): SamplingOptions {
  return toEngineSampling(SAMPLING_PRESET_VALUES[preset])
}

/** Sampling values as node-llama-cpp takes them: a repeat penalty of 1 and min-p 0 are "off". */
export function toEngineSampling(sampling: ResolvedSampling): SamplingOptions {
  return {
    temperature: sampling.temperature,
    topK: sampling.topK,
    topP: sampling.topP,
    repeatPenalty:
      sampling.repeatPenalty === 1
        ? false
        : { penalty: sampling.repeatPenalty, lastTokens: REPEAT_PENALTY_WINDOW },
    maxTokens: sampling.maxTokens,
    ...(sampling.minP > 0 ? { minP: sampling.minP } : {}),
    ...(sampling.seed === null ? {} : { seed: sampling.seed }),
  }
}

/** The reverse, for sampling pinned by a caller (tests, benchmarks), so replies still record it. */
export function fromEngineSampling(sampling: SamplingOptions): ResolvedSampling {
  return {
    temperature: sampling.temperature,
    topP: sampling.topP,
    topK: sampling.topK,
    minP: sampling.minP ?? 0,
    repeatPenalty: sampling.repeatPenalty === false ? 1 : sampling.repeatPenalty.penalty,
    maxTokens: sampling.maxTokens,
    seed: sampling.seed ?? null,
  }
}
