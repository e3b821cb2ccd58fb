import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { DeltaBatcher } from './delta-batcher'

describe('DeltaBatcher', () => {
  // The batch window is the subject here: fake timers step it exactly instead of sleeping past it.
  beforeEach(() => {
    vi.useFakeTimers()
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it('sends the first text at once, batches the rest, and numbers batches from 0 without gaps', () => {
    const sent: [number, string][] = []
    const batcher = new DeltaBatcher((seq, text) => sent.push([seq, text]), 20)
    batcher.push('Hel')
    expect(sent).toEqual([[0, 'Hel']])
    batcher.push('lo')
    batcher.push(' wor')
    vi.advanceTimersByTime(19)
    expect(sent).toHaveLength(1)
    vi.advanceTimersByTime(1)
    expect(sent).toEqual([
      [0, 'Hel'],
      [1, 'lo wor'],
    ])
    batcher.push('ld')
    batcher.flush()
    batcher.flush()
    expect(sent.map(([seq]) => seq)).toEqual([0, 1, 2])
    expect(sent.map(([, text]) => text).join('')).toBe('Hello world')
    // flush() cleared the pending timer: nothing more goes out later.
    vi.runAllTimers()
    expect(sent).toHaveLength(3)
  })

  it('ignores empty text', () => {
    const sent: string[] = []
    const batcher = new DeltaBatcher((_seq, text) => sent.push(text))
    batcher.push('')
    batcher.flush()
    expect(sent).toEqual([])
  })
})
