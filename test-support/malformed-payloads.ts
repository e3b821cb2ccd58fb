import { REQUEST_CHANNELS, type RequestChannel } from '../src/shared/contract/contract'
import type { ErrorCode } from '../src/shared/contract/errors'

/** A small seeded PRNG (mulberry32) so a failing fuzz case can be replayed from its seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** The fuzzers' seed: fixed, unless HEARTH_FUZZ_SEED names one to replay. */
export function fuzzSeed(env: NodeJS.ProcessEnv = process.env): number {
  return Number(env['HEARTH_FUZZ_SEED'] ?? 20_261_206)
}

/** How to replay a run, for every message that reports a fuzz failure. */
export const replayHint = (seed: number): string =>
  `seed ${seed} (replay: HEARTH_FUZZ_SEED=${seed})`

/**
 * What the generator knows of each channel, written down here rather than read from the zod
 * schemas it tests: a valid input, the keys that input cannot do without, and the keys that take
 * null. Every input is a strict object. Where the contract and this table disagree, the fuzz test
 * fails and names the case; one of the two is then wrong.
 */
interface ChannelSample {
  input: Record<string, unknown>
  required?: readonly string[]
  nullable?: readonly string[]
}

const none: ChannelSample = { input: {} }

export const CHANNEL_SAMPLES: { [C in RequestChannel]: ChannelSample } = {
  'app.status': none,
  'app.notices': none,
  'app.engineProcess': none,
  'settings.get': none,
  'settings.update': { input: { samplingPreset: 'llama3', systemPrompt: 'Be brief.' } },
  'chat.send': { input: { text: 'Hello' }, required: ['text'] },
  'chat.stop': { input: { generationId: 'abc-123' }, required: ['generationId'] },
  'chat.prepare': {
    input: { conversationId: 'abc-123', draft: 'Hello' },
    required: ['conversationId', 'draft'],
  },
  'chat.regenerate': { input: { assistantMessageId: 'abc-123' }, required: ['assistantMessageId'] },
  'chat.continue': { input: { assistantMessageId: 'abc-123' }, required: ['assistantMessageId'] },
  'chat.edit': {
    input: { messageId: 'abc-123', text: 'Hello again' },
    required: ['messageId', 'text'],
  },
  'conversations.list': { input: { limit: 50 } },
  'conversations.get': { input: { id: 'abc-123' }, required: ['id'] },
  'conversations.create': { input: { title: 'New chat' } },
  'conversations.rename': { input: { id: 'abc-123', title: 'Renamed' }, required: ['id', 'title'] },
  'conversations.setPinned': { input: { id: 'abc-123', pinned: true }, required: ['id', 'pinned'] },
  'conversations.delete': { input: { id: 'abc-123' }, required: ['id'] },
  'conversations.restore': { input: { id: 'abc-123' }, required: ['id'] },
  'conversations.updateSettings': {
    input: { id: 'abc-123', systemPrompt: 'Be brief.' },
    required: ['id'],
    // null puts the app's own prompt back.
    nullable: ['systemPrompt'],
  },
  'conversations.switchBranch': { input: { messageId: 'abc-123' }, required: ['messageId'] },
  'conversations.deleteMessage': { input: { messageId: 'abc-123' }, required: ['messageId'] },
  'conversations.restoreMessages': { input: { undoId: 'abc-123' }, required: ['undoId'] },
  'conversations.search': { input: { query: 'hello' }, required: ['query'] },
  'conversations.export': { input: { ids: 'all', format: 'json' }, required: ['ids', 'format'] },
  'conversations.import': { input: { content: '{}' }, required: ['content'] },
  'conversations.importPart': {
    input: { uploadId: 'upload-123', index: 0, content: '{}', last: true },
    required: ['uploadId', 'index', 'content', 'last'],
  },
  'models.catalogue': none,
  'models.fit': { input: { modelId: 'llama3-iterative-dpo-final' }, required: ['modelId'] },
  'models.download': {
    // The other form, { source }, shares no key with this one.
    input: { modelId: 'llama3-iterative-dpo-final', quant: 'Q4_K_M' },
    required: ['modelId', 'quant'],
  },
  'models.pause': { input: { downloadId: 'abc123' }, required: ['downloadId'] },
  'models.resume': { input: { downloadId: 'abc123' }, required: ['downloadId'] },
  'models.cancel': { input: { downloadId: 'abc123' }, required: ['downloadId'] },
  'models.downloads': none,
  'models.installed': none,
  'models.addLocal': { input: { path: '/models/a.gguf' }, required: ['path'] },
  'models.activate': { input: { path: '/models/a.gguf' }, required: ['path'] },
  'models.delete': { input: { path: '/models/a.gguf' }, required: ['path'] },
  'api.status': none,
  'api.key': none,
  'api.regenerateKey': none,
  'api.stop': none,
  'remote.models': { input: { baseUrl: 'http://127.0.0.1:9/v1' }, required: ['baseUrl'] },
  'remote.setKey': {
    input: { endpointId: 'abc-123', key: 'k' },
    required: ['endpointId', 'key'],
    // null forgets the key.
    nullable: ['key'],
  },
}

/** Values that are not objects (nor a Date, which an empty strict object would take): no input. */
const NOT_OBJECTS: unknown[] = [
  ...[null, undefined, 0, -1, 1.5, Number.NaN, '', ' ', '../../etc/passwd', true, [], [1, 2]],
  ...[() => undefined, Symbol('s'), BigInt(7)],
]

/**
 * Values by JSON type, each the same after a JSON round trip (the WebSocket fuzz sends them): a
 * field gets one of another type than its sample's, so it is wrong whatever its bounds.
 */
const BY_TYPE: Record<'number' | 'string' | 'boolean' | 'object' | 'array', unknown[]> = {
  number: [7, -1, 1.5],
  string: ['', 'str', '<script>alert(1)</script>'],
  boolean: [true, false],
  object: [{}, { nested: { deeper: [null] } }],
  array: [[1, 2, 3]],
}

const jsonType = (value: unknown): keyof typeof BY_TYPE =>
  Array.isArray(value) ? 'array' : (typeof value as keyof typeof BY_TYPE)

/** Names that are not channels, nor values that are names at all. */
const NOT_CHANNELS: unknown[] = [
  ...['chat.delete', 'CHAT.SEND', 'app.status ', '', '__proto__', 'constructor', 'toString'],
  ...[null, undefined, 0, 1.5, true, [], {}, () => undefined, Symbol('s')],
]

export interface MalformedCase {
  channel: unknown
  input: unknown
  /** What the case breaks, for a readable failure. */
  why: string
  /** The typed error `dispatch` must answer, known from how the case was built. */
  expected: Extract<ErrorCode, 'INVALID_INPUT' | 'UNKNOWN_CHANNEL'>
  /**
   * The error over the WebSocket: a frame whose channel is not a string is not a request at all
   * (INVALID_INPUT) before any channel is looked up.
   */
  expectedOnWire: Extract<ErrorCode, 'INVALID_INPUT' | 'UNKNOWN_CHANNEL'>
}

type Breakage = Pick<MalformedCase, 'channel' | 'input' | 'why'> & { unknownChannel?: true }

/**
 * Generates payloads that the contract must refuse, each with the verdict its construction implies
 * (no schema is consulted): a name that is no channel, an input that is no object, a field given a
 * value of another type (null only where the field does not take it), a key the strict inputs do not
 * have, or a required key left out.
 */
export function* malformedPayloads(
  seed: number,
  count: number,
): Generator<MalformedCase, void, undefined> {
  const random = seededRandom(seed)
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T
  let produced = 0
  while (produced < count) {
    const channel = pick(REQUEST_CHANNELS)
    const broken = breakOne(pick, channel, CHANNEL_SAMPLES[channel], Math.floor(random() * 5))
    if (broken === null) continue
    produced += 1
    const unknownChannel = broken.unknownChannel === true
    yield {
      channel: broken.channel,
      input: broken.input,
      why: broken.why,
      expected: unknownChannel ? 'UNKNOWN_CHANNEL' : 'INVALID_INPUT',
      expectedOnWire:
        unknownChannel && typeof broken.channel === 'string' ? 'UNKNOWN_CHANNEL' : 'INVALID_INPUT',
    }
  }
}

/** One breakage of `sample` of the kind `kind`; null where the sample has nothing to break so. */
function breakOne(
  pick: <T>(items: readonly T[]) => T,
  channel: RequestChannel,
  sample: ChannelSample,
  kind: number,
): Breakage | null {
  const { input, required = [], nullable = [] } = sample
  switch (kind) {
    case 0:
      return { channel: pick(NOT_CHANNELS), input, why: 'unknown channel', unknownChannel: true }
    case 1:
      return { channel, input: pick(NOT_OBJECTS), why: 'input is not an object' }
    case 2: {
      const keys = Object.keys(input)
      if (keys.length === 0) return null
      const key = pick(keys)
      const own = jsonType(input[key])
      const others = Object.entries(BY_TYPE).flatMap(([type, values]) =>
        type === own ? [] : values,
      )
      const wrong = pick(nullable.includes(key) ? others : [...others, null])
      return { channel, input: { ...input, [key]: wrong }, why: `${key} is ${String(wrong)}` }
    }
    case 3: {
      const key = pick(['extra', '__proto__', 'constructor', 'then'])
      // A computed key is an own property, even "__proto__", as JSON.parse makes it.
      const extra = { ...input, [key]: pick(Object.values(BY_TYPE).flat()) }
      return { channel, input: extra, why: `unknown key ${key}` }
    }
    default: {
      if (required.length === 0) return null
      const drop = pick(required)
      const rest = Object.fromEntries(Object.entries(input).filter(([key]) => key !== drop))
      return { channel, input: rest, why: `${drop} missing` }
    }
  }
}
