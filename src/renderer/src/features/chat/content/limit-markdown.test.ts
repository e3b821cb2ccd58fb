import { describe, expect, it } from 'vitest'
import { MAX_INLINE_DELIMITERS } from './limit-inline'
import { limitMarkdown, MAX_CONTAINER_DEPTH, MAX_INDENT_COLUMNS } from './limit-markdown'

const quoteDepth = (line: string) => (/^[> ]*/.exec(line)?.[0] ?? '').split('>').length - 1

describe('limitMarkdown', () => {
  it('returns ordinary Markdown unchanged, as the same string', () => {
    const text =
      '# Title\n\n> quoted\n> > twice\n\n- a\n  - b\n    1. c\n\n**bold** and _it_ [x](https://a.b)'
    expect(limitMarkdown(text)).toBe(text)
  })

  it('flattens a 10,000-deep quote on one line to the depth limit and keeps its text', () => {
    const out = limitMarkdown(`${'>'.repeat(10_000)} deep`)
    expect(quoteDepth(out)).toBe(MAX_CONTAINER_DEPTH)
    expect(out.endsWith('deep')).toBe(true)
  })

  it('flattens quotes that deepen line by line, and mixed quote and list markers', () => {
    const lines = Array.from({ length: 100 }, (_, i) => `${'> '.repeat(i + 1)}line ${i}`)
    const out = limitMarkdown(lines.join('\n')).split('\n')
    expect(Math.max(...out.map(quoteDepth))).toBe(MAX_CONTAINER_DEPTH)
    expect(out[99]).toMatch(/line 99$/)
    const mixed = limitMarkdown(`${'> - 1. '.repeat(1_000)}item`)
    expect(mixed.match(/>|-|1\./g)).toHaveLength(MAX_CONTAINER_DEPTH)
    expect(mixed.endsWith('item')).toBe(true)
  })

  it('caps indentation, which nests lists as surely as markers do', () => {
    const out = limitMarkdown(`${' '.repeat(20_000)}- deep\n${'\t'.repeat(5_000)}x`)
    for (const line of out.split('\n'))
      expect(line.length - line.trimStart().length).toBeLessThanOrEqual(MAX_INDENT_COLUMNS)
  })

  it('leaves fenced code alone, however deep it looks', () => {
    const code = '```\n' + '>'.repeat(500) + ' not a quote\n' + ' '.repeat(300) + 'x\n```'
    expect(limitMarkdown(code)).toBe(code)
  })

  it('escapes the delimiters of a paragraph with too many, outside code spans', () => {
    const text = `${'_a '.repeat(MAX_INLINE_DELIMITERS)} \`a_b\` x${' a_'.repeat(10)}\n\nfine *one*`
    const [paragraph, other] = limitMarkdown(text).split('\n\n')
    expect(paragraph).toContain('\\_a \\_a')
    expect(paragraph).toContain('`a_b`')
    expect(other).toBe('fine *one*')
  })

  it('keeps a run of 50,000 asterisks and a list of many items as they are', () => {
    const stars = '*'.repeat(50_000)
    expect(limitMarkdown(stars)).toBe(stars)
    const list = Array.from({ length: 500 }, (_, i) => `* item ${i}`).join('\n')
    expect(limitMarkdown(list)).toBe(list)
  })
})
