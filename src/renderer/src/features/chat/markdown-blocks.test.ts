import { describe, expect, it } from 'vitest'
import { markdownBlocks } from './markdown-blocks'

describe('markdownBlocks', () => {
  it('splits at blank lines', () => {
    expect(markdownBlocks('One\nstill one\n\nTwo\n\n\n- three\n- three')).toEqual([
      'One\nstill one',
      'Two',
      '- three\n- three',
    ])
  })

  it('never splits a fenced code block or display math, even with blank lines in them', () => {
    const code = '```ts\nconst a = 1\n\nconst b = 2\n```'
    const tilde = '~~~\nx\n\ny\n~~~'
    const math = '$$\na = b\n\nc = d\n$$'
    const text = `Intro\n\n${code}\n\n${tilde}\n\n${math}\n\n$$x^2$$\n\nEnd`
    expect(markdownBlocks(text)).toEqual(['Intro', code, tilde, math, '$$x^2$$', 'End'])
  })

  it('keeps an unfinished fence open at the end, as it streams', () => {
    expect(markdownBlocks('Text\n\n```py\nprint(1)\n\n')).toEqual(['Text', '```py\nprint(1)\n\n'])
  })

  it('gives back the same text, blank lines aside', () => {
    const text = 'a\n\nb\n```\nc\n\nd\n```\n\ne'
    expect(markdownBlocks(text).join('\n\n')).toBe(text)
  })
})
