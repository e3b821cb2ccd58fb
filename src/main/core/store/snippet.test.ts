import { describe, expect, it } from 'vitest'
import {
  SNIPPET_MARK_END as E,
  SNIPPET_MARK_START as S,
} from '../../../shared/contract/schemas/conversations'
import { foldWord, highlightTerms, makeSnippet } from './snippet'

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
})
