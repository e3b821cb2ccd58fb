import type { HighlighterCore, ThemedToken } from 'shiki/core'

/** Blocks longer than this stay plain: tokenising them would hold the page for too long. */
const MAX_HIGHLIGHT_CHARS = 20_000

/** Lines longer than this are left untokenised (minified code, base64). */
const MAX_TOKENISED_LINE = 2_000

/** Highlighted blocks kept for re-renders and remounts (scrolling, branch switches). */
const CACHE_ENTRIES = 200

const LIGHT_THEME = 'github-light'
const DARK_THEME = 'github-dark'

let highlighter: Promise<HighlighterCore> | null = null
const cache = new Map<string, ThemedToken[][]>()

/**
 * shiki, created on the first code block. The JavaScript regex engine, not Oniguruma: its WASM
 * would need 'wasm-unsafe-eval' in the CSP, and the JS engine needs nothing beyond script-src 'self'.
 * Themes and every language are separate chunks, loaded on demand.
 */
function getHighlighter(): Promise<HighlighterCore> {
  highlighter ??= (async () => {
    const [{ createHighlighterCore }, { createJavaScriptRegexEngine }] = await Promise.all([
      import('shiki/core'),
      import('shiki/engine/javascript'),
    ])
    return createHighlighterCore({
      themes: [import('shiki/themes/github-light.mjs'), import('shiki/themes/github-dark.mjs')],
      langs: [],
      engine: createJavaScriptRegexEngine({ forgiving: true }),
    })
  })()
  return highlighter
}

/** shiki's id for a fence's language name (`ts`, `TypeScript`, `py`…), or null if it has none. */
async function resolveLanguage(name: string): Promise<string | null> {
  const key = name.trim().toLowerCase()
  if (key === '') return null
  const { bundledLanguagesInfo } = await import('shiki/langs')
  const info = bundledLanguagesInfo.find(
    (language) => language.id === key || (language.aliases ?? []).includes(key),
  )
  return info?.id ?? null
}

function cacheKey(code: string, language: string): string {
  return `${language}\u0000${code}`
}

/** Tokens already computed for this block, so a remount paints highlighted at once. */
export function cachedTokens(code: string, language: string): ThemedToken[][] | null {
  return cache.get(cacheKey(code, language)) ?? null
}

/**
 * Highlights a complete block with light and dark colours (`htmlStyle` carries both); null when
 * the language is unknown or the block too long, and the block stays plain text.
 */
export async function highlightCode(
  code: string,
  language: string,
): Promise<ThemedToken[][] | null> {
  const key = cacheKey(code, language)
  const known = cache.get(key)
  if (known) return known
  if (code.length > MAX_HIGHLIGHT_CHARS) return null
  const id = await resolveLanguage(language)
  if (id === null) return null
  const shiki = await getHighlighter()
  if (!shiki.getLoadedLanguages().includes(id)) {
    const { bundledLanguages } = await import('shiki/langs')
    const load = bundledLanguages[id as keyof typeof bundledLanguages]
    await shiki.loadLanguage(load)
  }
  const { tokens } = shiki.codeToTokens(code, {
    lang: id,
    themes: { light: LIGHT_THEME, dark: DARK_THEME },
    tokenizeMaxLineLength: MAX_TOKENISED_LINE,
  })
  cache.set(key, tokens)
  if (cache.size > CACHE_ENTRIES) cache.delete(cache.keys().next().value as string)
  return tokens
}
