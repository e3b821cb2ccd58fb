/**
 * Hearth's generated test model: a tiny llama-architecture GGUF with a Llama 3 shaped tokenizer
 * whose greedy (and temperature-1) reply is known exactly.
 *
 * How the reply is made predictable: attn_output and ffn_down are zero, so every layer adds
 * nothing and the residual stream that reaches the output is the current token's embedding.
 * Each "chain" token's embedding is a one-hot vector on its own dimension, and output.weight maps
 * that dimension to the chain's next token with a logit margin of 40 (every other logit is exactly
 * 0), so the next token depends only on the current one, even when sampling. The Llama 3 prompt
 * always ends with "\n\n" (one token), which starts the chain. All other weights are random from a
 * fixed seed so the compute is real.
 *
 * The `quote` variant answers one long fixed reply (up to 300 two-letter words, see
 * expectedQuoteReply) to any prompt: a second turn whose user message quotes that reply is answered
 * with the same text again, which is what prompt lookup decoding speeds up.
 *
 * CLI: node scripts/make-test-model.ts OUT.gguf [--variant V] [--preset P] [shape options]; it
 * prints every option when called without OUT.
 */
import { randomBytes } from 'node:crypto'
import { renameSync, rmSync } from 'node:fs'
import { pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'
import { buildGguf, writeGguf } from './gguf-writer.ts'
import type { GgufEntry, GgufTensor, GgufTensorType } from './gguf-writer.ts'
import { buildTestVocab, QUOTE_WORDS, tokenId } from './test-model-vocab.ts'

/**
 * `reply`: the exact reply then <|eot_id|>. `endless`: a cycle that never reaches an EOG token.
 * `quote`: a long fixed reply (expectedQuoteReply) then <|eot_id|>. `silent`: <|eot_id|> at once.
 */
export type TestModelVariant = 'reply' | 'endless' | 'quote' | 'silent'

/** Named sizes: `tiny` for tests, `medium` for UI streaming, `bench` (~100M parameters). */
export type TestModelPreset = 'tiny' | 'medium' | 'bench'

/** The model's dimensions and tensor element type. */
export interface TestModelShape {
  embd: number
  layers: number
  heads: number
  kvHeads: number
  ff: number
  context: number
  type: GgufTensorType
}

/** Options: a variant, a preset, and any shape fields overriding the preset's. */
export interface TestModelOptions extends Partial<TestModelShape> {
  variant?: TestModelVariant
  preset?: TestModelPreset
  seed?: number
}

/**
 * The preset shapes. Measured on one CPU thread of the 2-core dev machine: tiny ~1000-2000
 * tokens/s (484 KB), medium ~100-180 tokens/s (28 MB), bench ~40-65 tokens/s (99.6M parameters,
 * 199 MB). Many small heads cost more time per token than their parameter count suggests.
 */
export const TEST_MODEL_PRESETS: Readonly<Record<TestModelPreset, TestModelShape>> = {
  tiny: { embd: 64, layers: 2, heads: 4, kvHeads: 4, ff: 128, context: 2048, type: 'f32' },
  medium: { embd: 256, layers: 16, heads: 8, kvHeads: 8, ff: 768, context: 4096, type: 'f16' },
  bench: { embd: 768, layers: 12, heads: 12, kvHeads: 12, ff: 2560, context: 8192, type: 'f16' },
}

/** The exact reply of the `reply` variant to any prompt in the Llama 3 chat format. */
export const TEST_MODEL_REPLY = 'Hello from Hearth.'

/** The `endless` variant's output begins with TEST_MODEL_REPLY, then repeats this forever. */
export const TEST_MODEL_ENDLESS_CYCLE = ' Hello from Hearth.'

const VOCAB = buildTestVocab()

/**
 * Ids of the generated vocabulary's special tokens (control tokens): <|begin_of_text|> 274,
 * <|end_of_text|> 275, <|start_header_id|> 280, <|end_header_id|> 281, <|eot_id|> 283; and of
 * "\n\n" (256), the token every Llama 3 prompt ends with. 637 tokens in all (the quote and role words last).
 */
export const TEST_MODEL_TOKENS = {
  beginOfText: tokenId(VOCAB, '<|begin_of_text|>'),
  endOfText: tokenId(VOCAB, '<|end_of_text|>'),
  startHeaderId: tokenId(VOCAB, '<|start_header_id|>'),
  endHeaderId: tokenId(VOCAB, '<|end_header_id|>'),
  eotId: tokenId(VOCAB, '<|eot_id|>'),
  reservedSpecialToken0: tokenId(VOCAB, '<|reserved_special_token_0|>'),
  doubleNewline: tokenId(VOCAB, 'ĊĊ'),
} as const

/** Number of tokens in the generated vocabulary. */
export const TEST_MODEL_VOCAB_SIZE = VOCAB.tokens.length

/** The reply's tokens, in order (without the final <|eot_id|>). */
export const TEST_MODEL_REPLY_TOKENS: readonly number[] = ['Hello', 'Ġfrom', 'ĠHearth', '.'].map(
  (t) => tokenId(VOCAB, t),
)

/** The Llama 3 Instruct chat template, exactly as in Meta's tokenizer_config.json. */
export const LLAMA3_CHAT_TEMPLATE =
  "{% set loop_messages = messages %}{% for message in loop_messages %}{% set content = '<|start_header_id|>' + message['role'] + '<|end_header_id|>\\n\\n'+ message['content'] | trim + '<|eot_id|>' %}{% if loop.index0 == 0 %}{% set content = bos_token + content %}{% endif %}{{ content }}{% endfor %}{% if add_generation_prompt %}{{ '<|start_header_id|>assistant<|end_header_id|>\\n\\n' }}{% endif %}"

/** The text the endless variant yields in its first `tokens` tokens. */
export function expectedEndlessText(tokens: number): string {
  const cycle = ['Hello', ' from', ' Hearth', '.', ' Hello', ' from', ' Hearth', '.']
  let text = ''
  for (let i = 0; i < tokens; i++) text += i < 4 ? cycle[i] : cycle[4 + ((i - 4) % 4)]
  return text
}

/** The most words the `quote` variant's reply has (fewer where `embd` leaves no room). */
export const QUOTE_REPLY_MAX_WORDS = 300

/** Each chain state needs a dimension of its own: a smaller model gets a shorter quote reply. */
function quoteWords(embd: number): readonly string[] {
  return QUOTE_WORDS.slice(0, Math.max(1, Math.min(QUOTE_REPLY_MAX_WORDS, embd - 5)))
}

/** The exact reply of the `quote` variant: "Hello ba bb bc … ." (300 words at the bench size). */
export function expectedQuoteReply(options: TestModelOptions = {}): string {
  const words = quoteWords(resolveTestModelShape(options).embd)
  return `Hello${words.map((word) => word.replace('Ġ', ' ')).join('')}.`
}

/** Next-token map of the chain: token text -> next token text (byte-level spelling). */
function successors(variant: TestModelVariant, embd: number): [string, string][] {
  if (variant === 'silent') return [['ĊĊ', '<|eot_id|>']]
  if (variant === 'quote') {
    const chain = ['ĊĊ', 'Hello', ...quoteWords(embd), '.', '<|eot_id|>']
    return chain.slice(0, -1).map((from, i): [string, string] => [from, chain[i + 1] ?? ''])
  }
  return [
    ['ĊĊ', 'Hello'],
    ['Hello', 'Ġfrom'],
    ['Ġfrom', 'ĠHearth'],
    ['ĠHearth', '.'],
    ['.', variant === 'reply' ? '<|eot_id|>' : 'ĠHello'],
    ['ĠHello', 'Ġfrom'],
  ]
}

/** Logit of the chain's next token; every other logit is exactly 0, so p(other) < 1e-14. */
const CHAIN_LOGIT_MARGIN = 40

/** Fills in the preset's shape under any explicit overrides, and checks it. */
export function resolveTestModelShape(options: TestModelOptions = {}): TestModelShape {
  const preset = TEST_MODEL_PRESETS[options.preset ?? 'tiny']
  const heads = options.heads ?? preset.heads
  const shape: TestModelShape = {
    embd: options.embd ?? preset.embd,
    layers: options.layers ?? preset.layers,
    heads,
    kvHeads: options.kvHeads ?? (options.heads === undefined ? preset.kvHeads : heads),
    ff: options.ff ?? preset.ff,
    context: options.context ?? preset.context,
    type: options.type ?? preset.type,
  }
  const { embd, layers, kvHeads, ff, context } = shape
  for (const [k, v] of Object.entries({ embd, layers, heads, kvHeads, ff, context })) {
    if (!Number.isInteger(v) || v < 1) throw new Error(`${k} must be a positive integer`)
  }
  if (embd % heads !== 0) throw new Error('embd must be a multiple of heads')
  if (heads % kvHeads !== 0) throw new Error('heads must be a multiple of kv-heads')
  if ((embd / heads) % 2 !== 0) throw new Error('embd / heads (the RoPE dimension) must be even')
  if (embd < successors('reply', embd).length + 2)
    throw new Error('embd is too small for the chain')
  return shape
}

/** Number of weights in a model of this shape. */
export function testModelParameterCount(shape: TestModelShape): number {
  const vocab = TEST_MODEL_VOCAB_SIZE
  const kvDim = (shape.embd / shape.heads) * shape.kvHeads
  const perLayer =
    2 * shape.embd +
    2 * shape.embd * shape.embd +
    2 * shape.embd * kvDim +
    3 * shape.embd * shape.ff
  return 2 * vocab * shape.embd + shape.embd + shape.layers * perLayer
}

/** FNV-1a, so each tensor's random stream depends only on the seed and its name. */
function hashString(s: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0
  return h
}

/** Fills `out` with uniform values in [-scale, scale) from mulberry32 seeded by `seed`. */
function fillUniform(out: Float32Array, seed: number, scale: number): Float32Array {
  let a = seed >>> 0
  for (let i = 0; i < out.length; i++) {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    out[i] = ((((t ^ (t >>> 14)) >>> 0) / 4294967296) * 2 - 1) * scale
  }
  return out
}

/** Everything GGUF needs for one test model: metadata entries and lazily filled tensors. */
export function testModelGguf(options: TestModelOptions = {}): {
  entries: GgufEntry[]
  tensors: GgufTensor[]
} {
  const variant = options.variant ?? 'reply'
  const shape = resolveTestModelShape(options)
  const seed = options.seed ?? 20250101
  const { embd, layers, heads, kvHeads, ff, type } = shape
  const vocab = TEST_MODEL_VOCAB_SIZE
  const kvDim = (embd / heads) * kvHeads
  const chain = successors(variant, embd).map(([from, to]) => [
    tokenId(VOCAB, from),
    tokenId(VOCAB, to),
  ])
  const stateDims = chain.length // dimensions 0..stateDims-1 carry the chain's one-hot states
  const presetName = options.preset ?? 'tiny'

  const entries: GgufEntry[] = [
    { key: 'general.architecture', value: { type: 'string', value: 'llama' } },
    {
      key: 'general.name',
      value: { type: 'string', value: `Hearth Test Model ${variant} ${presetName}` },
    },
    { key: 'general.alignment', value: { type: 'u32', value: 32 } },
    { key: 'general.file_type', value: { type: 'u32', value: type === 'f32' ? 0 : 1 } },
    { key: 'llama.vocab_size', value: { type: 'u32', value: vocab } },
    { key: 'llama.context_length', value: { type: 'u32', value: shape.context } },
    { key: 'llama.embedding_length', value: { type: 'u32', value: embd } },
    { key: 'llama.block_count', value: { type: 'u32', value: layers } },
    { key: 'llama.feed_forward_length', value: { type: 'u32', value: ff } },
    { key: 'llama.attention.head_count', value: { type: 'u32', value: heads } },
    { key: 'llama.attention.head_count_kv', value: { type: 'u32', value: kvHeads } },
    { key: 'llama.attention.layer_norm_rms_epsilon', value: { type: 'f32', value: 1e-5 } },
    { key: 'llama.rope.dimension_count', value: { type: 'u32', value: embd / heads } },
    { key: 'llama.rope.freq_base', value: { type: 'f32', value: 500000 } },
    { key: 'tokenizer.ggml.model', value: { type: 'string', value: 'gpt2' } },
    { key: 'tokenizer.ggml.pre', value: { type: 'string', value: 'llama-bpe' } },
    { key: 'tokenizer.ggml.tokens', value: { type: 'string[]', value: VOCAB.tokens } },
    { key: 'tokenizer.ggml.token_type', value: { type: 'i32[]', value: VOCAB.tokenTypes } },
    { key: 'tokenizer.ggml.merges', value: { type: 'string[]', value: VOCAB.merges } },
    {
      key: 'tokenizer.ggml.bos_token_id',
      value: { type: 'u32', value: TEST_MODEL_TOKENS.beginOfText },
    },
    {
      key: 'tokenizer.ggml.eos_token_id',
      value: { type: 'u32', value: TEST_MODEL_TOKENS.endOfText },
    },
    { key: 'tokenizer.ggml.eot_token_id', value: { type: 'u32', value: TEST_MODEL_TOKENS.eotId } },
    { key: 'tokenizer.chat_template', value: { type: 'string', value: LLAMA3_CHAT_TEMPLATE } },
  ]

  const rand = (name: string, count: number, scale: number): Float32Array =>
    fillUniform(new Float32Array(count), hashString(`${seed}:${name}`), scale)
  const ones = (count: number): Float32Array => new Float32Array(count).fill(1)
  const zeros = (count: number): Float32Array => new Float32Array(count)
  // Uniform in [-s, s) has variance s^2 / 3: this gives variance 1 / fanIn.
  const fan = (fanIn: number): number => Math.sqrt(3 / fanIn)

  const tokenEmbd = (): Float32Array => {
    const data = rand('token_embd.weight', vocab * embd, 1)
    for (let t = 0; t < vocab; t++) for (let d = 0; d < stateDims; d++) data[t * embd + d] = 0
    chain.forEach(([from], state) => {
      const row = (from ?? 0) * embd
      data.fill(0, row, row + embd)
      data[row + state] = 1
    })
    return data
  }
  const output = (): Float32Array => {
    const data = rand('output.weight', vocab * embd, fan(embd))
    for (let t = 0; t < vocab; t++) for (let d = 0; d < stateDims; d++) data[t * embd + d] = 0
    // RMS norm turns a one-hot 1 into sqrt(embd); scale so the logit is exactly the margin.
    chain.forEach(([, to], state) => {
      data[(to ?? 0) * embd + state] = CHAIN_LOGIT_MARGIN / Math.sqrt(embd)
    })
    return data
  }

  const t = (name: string, dims: number[], data: () => Float32Array, f32 = false): GgufTensor => ({
    name,
    dims,
    type: f32 ? 'f32' : type,
    data,
  })
  const tensors: GgufTensor[] = [t('token_embd.weight', [embd, vocab], tokenEmbd)]
  for (let i = 0; i < layers; i++) {
    const b = `blk.${i}`
    tensors.push(
      t(`${b}.attn_norm.weight`, [embd], () => ones(embd), true),
      t(`${b}.attn_q.weight`, [embd, embd], () => rand(`${b}.attn_q`, embd * embd, fan(embd))),
      t(`${b}.attn_k.weight`, [embd, kvDim], () => rand(`${b}.attn_k`, embd * kvDim, fan(embd))),
      t(`${b}.attn_v.weight`, [embd, kvDim], () => rand(`${b}.attn_v`, embd * kvDim, fan(embd))),
      // Zero output projections: the layer computes for real but adds nothing to the residual.
      t(`${b}.attn_output.weight`, [embd, embd], () => zeros(embd * embd)),
      t(`${b}.ffn_norm.weight`, [embd], () => ones(embd), true),
      t(`${b}.ffn_gate.weight`, [embd, ff], () => rand(`${b}.ffn_gate`, embd * ff, fan(embd))),
      t(`${b}.ffn_up.weight`, [embd, ff], () => rand(`${b}.ffn_up`, embd * ff, fan(embd))),
      t(`${b}.ffn_down.weight`, [ff, embd], () => zeros(ff * embd)),
    )
  }
  tensors.push(
    t('output_norm.weight', [embd], () => ones(embd), true),
    t('output.weight', [embd, vocab], output),
  )
  return { entries, tensors }
}

/** Builds the test model's GGUF bytes in memory (meant for the small presets). */
export function buildTestModel(options: TestModelOptions = {}): Buffer {
  const { entries, tensors } = testModelGguf(options)
  return buildGguf(entries, tensors)
}

/** Writes the test model to `path` (via a temporary name, so readers never see half a file). */
export function writeTestModel(path: string, options: TestModelOptions = {}): void {
  const { entries, tensors } = testModelGguf(options)
  const temp = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`
  try {
    writeGguf(temp, entries, tensors)
    renameSync(temp, path)
  } catch (e) {
    rmSync(temp, { force: true })
    throw e
  }
}

function parseCli(argv: string[]): { out: string; options: TestModelOptions } {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      variant: { type: 'string' },
      preset: { type: 'string' },
      embd: { type: 'string' },
      layers: { type: 'string' },
      heads: { type: 'string' },
      'kv-heads': { type: 'string' },
      ff: { type: 'string' },
      context: { type: 'string' },
      type: { type: 'string' },
      seed: { type: 'string' },
    },
  })
  const out = positionals[0]
  if (out === undefined || positionals.length > 1) throw new Error('give exactly one OUT.gguf path')
  const oneOf = <T extends string>(name: string, v: string | undefined, allowed: readonly T[]) => {
    if (v === undefined) return undefined
    if (!(allowed as readonly string[]).includes(v)) {
      throw new Error(`--${name} must be one of ${allowed.join(', ')}`)
    }
    return v as T
  }
  const int = (name: string, v: string | undefined): number | undefined => {
    if (v === undefined) return undefined
    const n = Number(v)
    if (!Number.isInteger(n)) throw new Error(`--${name} must be an integer`)
    return n
  }
  const options: TestModelOptions = {
    variant: oneOf('variant', values.variant, ['reply', 'endless', 'quote', 'silent'] as const),
    preset: oneOf('preset', values.preset, ['tiny', 'medium', 'bench'] as const),
    embd: int('embd', values.embd),
    layers: int('layers', values.layers),
    heads: int('heads', values.heads),
    kvHeads: int('kv-heads', values['kv-heads']),
    ff: int('ff', values.ff),
    context: int('context', values.context),
    type: oneOf('type', values.type, ['f32', 'f16'] as const),
    seed: int('seed', values.seed),
  }
  return { out, options }
}

// Bundled into another entry, import.meta.url is that entry's: run the CLI only as the program itself.
const isMain =
  import.meta.url.endsWith('/make-test-model.ts') &&
  process.argv[1] !== undefined &&
  import.meta.url === pathToFileURL(process.argv[1]).href
if (isMain) {
  try {
    const { out, options } = parseCli(process.argv.slice(2))
    const started = Date.now()
    writeTestModel(out, options)
    const shape = resolveTestModelShape(options)
    const params = testModelParameterCount(shape)
    console.log(
      `wrote ${out}: ${options.variant ?? 'reply'} ${options.preset ?? 'tiny'} ` +
        `${JSON.stringify(shape)}, ${params} parameters, in ${Date.now() - started} ms`,
    )
  } catch (e) {
    console.error(`make-test-model: ${e instanceof Error ? e.message : String(e)}`)
    console.error(
      'usage: make-test-model OUT.gguf [--variant reply|endless|quote|silent] [--preset tiny|medium|bench]\n' +
        '         [--embd N] [--layers N] [--heads N] [--kv-heads N] [--ff N] [--context N]\n' +
        '         [--type f32|f16] [--seed N]',
    )
    process.exitCode = 2
  }
}
