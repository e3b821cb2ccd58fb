import type { AppStatus } from '../../../shared/contract/schemas/status'
import type { ChatDone } from '../../../shared/contract/schemas/chat'

/** A loaded model on CUDA, as `app.status` reports it. */
export const readyStatus: AppStatus = {
  state: 'ready',
  modelName: 'LLaMA3-iterative-DPO-final Q4_K_M',
  modelPath: '/models/llama3.gguf',
  backend: 'CUDA',
  gpuName: 'NVIDIA H100',
  gpuLayers: 33,
  totalLayers: 33,
  contextSize: 8192,
  vramUsedBytes: 5_400_000_000,
  vramTotalBytes: 80_000_000_000,
  notice: null,
  error: null,
}

export const noModelStatus: AppStatus = {
  ...readyStatus,
  state: 'no-model',
  modelName: null,
  modelPath: null,
  backend: null,
  gpuName: null,
  gpuLayers: 0,
  totalLayers: 0,
  contextSize: 0,
}

/** The ids main answers to the first `chat.send` in these tests. */
export const sendOutput = {
  conversationId: 'c1',
  userMessageId: 'u1',
  assistantMessageId: 'a1',
  generationId: 'g1',
}

/** A `chat.done` for generation g1, with overrides. */
export function done(overrides: Partial<ChatDone> = {}): ChatDone {
  return {
    generationId: 'g1',
    conversationId: 'c1',
    assistantMessageId: 'a1',
    finishReason: 'done',
    text: 'Hello there',
    stats: { ttftMs: 40, tokensPerSecond: 25.5, tokenCount: 3 },
    error: null,
    ...overrides,
  }
}

export function ok<T>(value: T): { ok: true; value: T } {
  return { ok: true, value }
}
