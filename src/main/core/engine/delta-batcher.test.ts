import { setTimeout as sleep } from 'node:timers/promises'
import { describe, expect, it } from 'vitest'
import { DeltaBatcher } from './delta-batcher'

describe('DeltaBatcher', () => {
  it('sends the first text at once, batches the rest, and numbers batches from 0 without gaps', async () => {
    const sent: [number, string][] = []
    const batcher = new DeltaBatcher((seq, text) => sent.push([seq, text]), 20)
    batcher.push('Hel')
    expect(sent).toEqual([[0, 'Hel']])
    batcher.push('lo')
    batcher.push(' wor')
    expect(sent).toHaveLength(1)
    await sleep(60)
    expect(sent).toEqual([
      [0, 'Hel'],
      [1, 'lo wor'],
    ])
    batcher.push('ld')
    batcher.flush()
    batcher.flush()
    expect(sent.map(([seq]) => seq)).toEqual([0, 1, 2])
    expect(sent.map(([, text]) => text).join('')).toBe('Hello world')
  })

  it('ignores empty text', () => {
    const sent: string[] = []
    const batcher = new DeltaBatcher((_seq, text) => sent.push(text))
    batcher.push('')
    batcher.flush()
    expect(sent).toEqual([])
  })
})
