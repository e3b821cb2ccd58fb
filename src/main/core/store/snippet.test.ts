import { describe, expect, it } from 'vitest'
import {
  SNIPPET_MARK_END as E,
  SNIPPET_MARK_START as S,
} from '../../../shared/contract/schemas/conversations'
import { foldWord, highlightTerms, makeSnippet, MAX_SNIPPET_CHARS } from './snippet'

describe('makeSnippet', () => {
  it('marks whole words and, while typing, words starting with the last one', () => {
    const terms = highlightTerms('lisbon tra')
    expect(makeSnippet('We land in Lisbon and take the tram.', terms, 12)).toBe(
      `We land in ${S}Lisbon${E} and take the ${S}tram${E}.`,
    )
    // A finished word (trailing space) is no longer a prefix.
    expect(makeSnippet('the tram', highlightTerms('tra '), 12)).toBe('the tram')
  })

  it('folds accents and case like the index', () => {
    expect(foldWord('Crème')).toBe('creme')
    expect(makeSnippet('Un café crème', highlightTerms('cafe'), 12)).toBe(`Un ${S}café${E} crème`)
  })

  it('cuts long text around the best window and marks the cuts', () => {
    const words = Array.from({ length: 40 }, (_, i) => `w${i}`)
    words[20] = 'needle'
    words[22] = 'needle'
    const snippet = makeSnippet(words.join(' '), highlightTerms('needle '), 12)
    expect(snippet.startsWith('…w18 w19 ')).toBe(true)
    expect(snippet.endsWith('…')).toBe(true)
    expect(snippet.split(`${S}needle${E}`)).toHaveLength(3)
    expect(snippet.replace('…', '').trim().split(/\s+/u).length).toBeLessThanOrEqual(12)
  })

  it('answers the start of the text when no word is a hit', () => {
    expect(makeSnippet('a b c', highlightTerms('zzz'), 2)).toBe('a b…')
  })

  it('cuts a 100,000-character word to its start and keeps the snippet under 300 characters', () => {
    const word = `x${'Ab3'.repeat(33_333)}`
    const snippet = makeSnippet(`paste ${word} here`, highlightTerms('x'), 12)
    expect(snippet.length).toBeLessThanOrEqual(MAX_SNIPPET_CHARS)
    // Only the text around the hit is read: the cut after it is marked too.
    expect(snippet).toBe(`paste ${S}${word.slice(0, 40)}…${E}…`)
  })

  it('stays bounded for many long words, long gaps and punctuation runs', () => {
    const long = (i: number) => `w${i}${'z'.repeat(5_000)}`
    const text = Array.from({ length: 30 }, (_, i) => long(i)).join(`${' '.repeat(10_000)}=`)
    const snippet = makeSnippet(`${text}${'!'.repeat(50_000)}`, highlightTerms('w1'), 12)
    expect(snippet.length).toBeLessThanOrEqual(MAX_SNIPPET_CHARS)
    expect(snippet).toMatch(new RegExp(`${S}w1\\d*z+…${E}`, 'u'))
    for (const piece of snippet.split(/\s+/u)) expect(piece.length).toBeLessThanOrEqual(45)
    const punctuation = makeSnippet('.'.repeat(100_000), highlightTerms('x'), 12)
    expect(punctuation.length).toBeLessThanOrEqual(MAX_SNIPPET_CHARS)
  })

  it('never splits a surrogate pair when it cuts a word', () => {
    const snippet = makeSnippet(`a${'😀'.repeat(100)}`, highlightTerms('a'), 12)
    expect(snippet).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/u)
  })

  it('finds the hit deep in a long text and marks both cuts', () => {
    const text = `${'lorem ipsum '.repeat(5_000)}the needle is here ${'dolor sit '.repeat(5_000)}`
    const snippet = makeSnippet(text, highlightTerms('needle '), 12)
    expect(snippet).toContain(`the ${S}needle${E} is here`)
    expect(snippet.startsWith('…')).toBe(true)
    expect(snippet.endsWith('…')).toBe(true)
  })
})
