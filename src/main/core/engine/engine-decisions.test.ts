import { describe, expect, it } from 'vitest'
import { InsufficientMemoryError } from 'node-llama-cpp'
import { describeFallback, isOutOfMemoryError, nextGpuLayersAttempt } from './gpu-fallback'
import { samplingFor, MAX_NEW_TOKENS } from './sampling'
import { pickThreadCount } from './threads'
import { buildChatHistory, mapStopReason } from './prompt'

describe('GPU fallback decisions', () => {
  const oom = new Error(
    'ggml_backend_cuda_buffer_type_alloc_buffer: allocating 4200.00 MiB on device 0: cudaMalloc failed: out of memory',
  )

  it('recognises out-of-memory failures from node-llama-cpp and from the drivers', () => {
    expect(isOutOfMemoryError(new InsufficientMemoryError())).toBe(true)
    expect(isOutOfMemoryError(oom)).toBe(true)
    expect(
      isOutOfMemoryError(new Error('vk::Device::allocateMemory: ErrorOutOfDeviceMemory')),
    ).toBe(true)
    expect(isOutOfMemoryError(new Error('failed to load model: invalid magic'))).toBe(false)
    expect(isOutOfMemoryError('out of memory')).toBe(false)
  })

  it('walks auto -> half -> quarter ... -> CPU on out-of-memory, then gives up', () => {
    const ladder: (number | 'auto' | null)[] = ['auto']
    let current: number | 'auto' | null = 'auto'
    while (current !== null) {
      current = nextGpuLayersAttempt(current, 33, oom)
      ladder.push(current)
    }
    expect(ladder).toEqual(['auto', 16, 8, 4, 2, 1, 0, null])
  })

  it('does not retry an error that is not about memory', () => {
    expect(nextGpuLayersAttempt('auto', 33, new Error('unknown model architecture'))).toBeNull()
  })

  it('explains partial and CPU-only offload, and says nothing when all layers fit or there is no GPU', () => {
    expect(describeFallback(20, 33, true)).toContain('20 of 33 layers')
    expect(describeFallback(0, 33, true)).toContain('runs on the CPU')
    expect(describeFallback(33, 33, true)).toBeNull()
    expect(describeFallback(0, 33, false)).toBeNull()
  })
})

describe('threads', () => {
  it('uses the cores this process may use, never more', () => {
    expect(pickThreadCount(null, 2)).toBe(2)
    expect(pickThreadCount(4, 2)).toBe(2)
    expect(pickThreadCount(1, 16)).toBe(1)
    expect(pickThreadCount(0, 8)).toBe(1)
    expect(pickThreadCount(null, 0)).toBe(1)
  })
})

describe('sampling presets', () => {
  it('model-card follows transformers defaults with no repeat penalty and 1,024 new tokens', () => {
    expect(samplingFor('model-card')).toEqual({
      temperature: 1,
      topK: 50,
      topP: 1,
      repeatPenalty: false,
      maxTokens: 1024,
    })
    expect(MAX_NEW_TOKENS).toBe(1024)
  })

  it('llama3 is Meta recommendation: temperature 0.6, top-p 0.9', () => {
    expect(samplingFor('llama3')).toMatchObject({
      temperature: 0.6,
      topP: 0.9,
      repeatPenalty: false,
    })
  })
})

describe('chat history for node-llama-cpp', () => {
  it('has no system item unless a system prompt is set', () => {
    const turns = [
      { role: 'user' as const, text: 'Hi' },
      { role: 'assistant' as const, text: 'Hello!' },
      { role: 'user' as const, text: 'How are you?' },
    ]
    expect(buildChatHistory(turns, '')).toEqual({
      history: [
        { type: 'user', text: 'Hi' },
        { type: 'model', response: ['Hello!'] },
      ],
      prompt: 'How are you?',
    })
    expect(buildChatHistory(turns, '  ').history[0]).toEqual({ type: 'user', text: 'Hi' })
    expect(buildChatHistory(turns, 'Be brief.').history[0]).toEqual({
      type: 'system',
      text: 'Be brief.',
    })
  })

  it('maps node-llama-cpp stop reasons', () => {
    expect(mapStopReason('eogToken')).toBe('eos')
    expect(mapStopReason('maxTokens')).toBe('length')
    expect(mapStopReason('abort')).toBe('abort')
  })
})
