import { describe, expect, it } from 'vitest'
import { markdownBlocks } from './markdown-blocks'

describe('markdownBlocks', () => {
  it('splits at blank lines', () => {
    expect(markdownBlocks('One\nstill one\n\nTwo\n\n\n- three\n- three\n\nFour')).toEqual([
      'One\nstill one',
      'Two',
      '- three\n- three',
      'Four',
    ])
  })

  it('never splits a fenced code block or display math, even with blank lines in them', () => {
    const code = '```ts\nconst a = 1\n\nconst b = 2\n```'
    const tilde = '~~~\nx\n\ny\n~~~'
    const math = '$$\na = b\n\nc = d\n$$'
    const text = `Intro\n\n${code}\n\n${tilde}\n\n${math}\n\n$$x^2$$\n\nEnd`
    expect(markdownBlocks(text)).toEqual(['Intro', code, tilde, math, '$$x^2$$', 'End'])
  })

  it('keeps a loose list, a list item with more paragraphs and indented code whole', () => {
    const loose = '1. first\n\n2. second\n\n   more of the second'
    expect(markdownBlocks(`Steps:\n\n${loose}\n\nDone`)).toEqual(['Steps:', loose, 'Done'])
    const indented = 'Code:\n\n    a = 1\n\n    b = 2'
    expect(markdownBlocks(indented)).toEqual(['Code:\n\n    a = 1\n\n    b = 2'])
  })

  it('keeps a text with link or footnote definitions whole', () => {
    const text = 'See [the docs][1].\n\nMore[^note].\n\n[1]: https://example.com\n[^note]: A note.'
    expect(markdownBlocks(text)).toEqual([text])
  })

  it('keeps an unfinished fence open at the end, as it streams', () => {
    expect(markdownBlocks('Text\n\n```py\nprint(1)\n\n')).toEqual(['Text', '```py\nprint(1)\n\n'])
  })

  it('gives back the same text, blank lines aside', () => {
    const text = 'a\n\nb\n```\nc\n\nd\n```\n\ne'
    expect(markdownBlocks(text).join('\n\n')).toBe(text)
  })
})
