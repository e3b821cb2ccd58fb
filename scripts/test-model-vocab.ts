/**
 * The generated test model's vocabulary: shaped like Llama 3's (GPT-2 byte-level BPE, "llama-bpe"
 * pre-tokenizer, the Llama 3 special tokens as control tokens) but compact, so the special-token ids
 * (a few hundred) can never be confused with a real Llama 3 model's (128000+).
 */

/** llama.cpp token types (llama_token_type): 1 normal, 3 control. */
const TOKEN_TYPE_NORMAL = 1
const TOKEN_TYPE_CONTROL = 3

/**
 * Multi-character tokens the reply is made of, in GPT-2 byte-level spelling ("Ġ" is a space,
 * "Ċ" a newline). "ĊĊ" makes "\n\n" one token: the Llama 3 prompt always ends with it.
 * Words with a leading space come first so their merges win over the bare word's (BPE applies the
 * lowest-ranked merge first; "H e" ranked before "Ġ H" would strand " Hello" as "Ġ", "He", ...).
 */
const WORDS = ['ĊĊ', 'ĠHello', 'ĠHearth', 'Ġfrom', 'Hello'] as const

/**
 * The Llama 3.0 special tokens, in the order of Meta's tokenizer (128000 + index there).
 * Keeping the order keeps the familiar gaps: <|eot_id|> is base + 9, as 128009 is in Llama 3.
 */
const SPECIAL_TOKENS = [
  '<|begin_of_text|>',
  '<|end_of_text|>',
  '<|reserved_special_token_0|>',
  '<|reserved_special_token_1|>',
  '<|reserved_special_token_2|>',
  '<|reserved_special_token_3|>',
  '<|start_header_id|>',
  '<|end_header_id|>',
  '<|reserved_special_token_4|>',
  '<|eot_id|>',
  '<|reserved_special_token_5|>',
  '<|reserved_special_token_6|>',
  '<|reserved_special_token_7|>',
  '<|reserved_special_token_8|>',
] as const

/**
 * Two-letter words with a leading space (" ba", " bb", ...), one token each, for the `quote` variant's
 * long reply. Their first letters never start a word of WORDS and none holds "H" or a newline, so
 * their merges cannot change how "Hello from Hearth." or the chat template tokenize. Their tokens
 * come after the special tokens, so the special-token ids stay where Llama 3 users expect them.
 */
export const QUOTE_WORDS: readonly string[] = (() => {
  const words: string[] = []
  for (const first of 'bcdgijknpqsuvwxyz')
    for (const second of 'abcdefghijklmnopqrstuvwxyz') words.push(`Ġ${first}${second}`)
  return words.slice(0, 320)
})()

/**
 * The chat template's role names, one token each as in Llama 3, so a new turn's headers cost the
 * generated model as many tokens as they cost the real one (benchmarks count them). Their merges
 * rank after every other, so they cannot split a word merged earlier (" us" stays one token).
 */
const ROLE_WORDS: readonly string[] = ['user', 'assistant', 'system']

/** A special token's text, e.g. "<|eot_id|>". */
export type SpecialTokenText = (typeof SPECIAL_TOKENS)[number]

/** The vocabulary as written to GGUF: parallel token/type arrays plus the merge list. */
export interface TestVocab {
  tokens: string[]
  tokenTypes: number[]
  merges: string[]
  /** Token id by token text (GPT-2 byte-level spelling for normal tokens). */
  ids: ReadonlyMap<string, number>
}

/**
 * GPT-2's bytes_to_unicode: printable bytes map to themselves, the rest to U+0100 onwards.
 * Returns the 256 byte tokens in GPT-2's id order ("!" is 0) with the byte each stands for.
 */
function byteLevelTokens(): { byte: number; text: string }[] {
  const printable: number[] = []
  const ranges: [number, number][] = [
    [0x21, 0x7e],
    [0xa1, 0xac],
    [0xae, 0xff],
  ]
  for (const [lo, hi] of ranges) for (let b = lo; b <= hi; b++) printable.push(b)
  const result = printable.map((b) => ({ byte: b, text: String.fromCodePoint(b) }))
  let extra = 0
  for (let b = 0; b < 256; b++) {
    if (!printable.includes(b)) result.push({ byte: b, text: String.fromCodePoint(256 + extra++) })
  }
  return result
}

/** Encodes text in GPT-2 byte-level spelling ("Hello world\n" -> "HelloĠworldĊ"). */
export function toByteLevel(text: string): string {
  const map = new Map(byteLevelTokens().map((t) => [t.byte, t.text]))
  return [...Buffer.from(text, 'utf8')].map((b) => map.get(b) ?? '').join('')
}

/**
 * Builds the vocabulary: 256 byte tokens, one token per merge of WORDS, the special tokens, then one
 * token per merge of QUOTE_WORDS and of ROLE_WORDS.
 */
export function buildTestVocab(): TestVocab {
  const tokens = byteLevelTokens().map((t) => t.text)
  const tokenTypes = tokens.map(() => TOKEN_TYPE_NORMAL)
  const known = new Set(tokens)
  const merges: string[] = []
  const addWords = (words: readonly string[]) => {
    for (const word of words) {
      // Left-to-right merges ("H e", "He l", ...) so every prefix is itself a token.
      // Code points, as the tokenizer reads them (every word here is plain text, no emoji sequences).
      // eslint-disable-next-line @typescript-eslint/no-misused-spread
      const chars = [...word]
      let prefix = chars[0] ?? ''
      for (const ch of chars.slice(1)) {
        const merged = prefix + ch
        if (!known.has(merged)) {
          merges.push(`${prefix} ${ch}`)
          tokens.push(merged)
          tokenTypes.push(TOKEN_TYPE_NORMAL)
          known.add(merged)
        }
        prefix = merged
      }
    }
  }
  addWords(WORDS)
  for (const special of SPECIAL_TOKENS) {
    tokens.push(special)
    tokenTypes.push(TOKEN_TYPE_CONTROL)
  }
  addWords(QUOTE_WORDS)
  addWords(ROLE_WORDS)
  const ids = new Map(tokens.map((t, i) => [t, i]))
  return { tokens, tokenTypes, merges, ids }
}

/** Looks a token up by its text; throws for a token this vocabulary lacks (a bug). */
export function tokenId(vocab: TestVocab, text: string): number {
  const id = vocab.ids.get(text)
  if (id === undefined) throw new Error(`test vocabulary has no token ${JSON.stringify(text)}`)
  return id
}

/** The special tokens' texts, in id order. */
export const SPECIAL_TOKEN_TEXTS: readonly SpecialTokenText[] = SPECIAL_TOKENS
