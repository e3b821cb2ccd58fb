import { REQUEST_CHANNELS, requests, type RequestChannel } from '../src/shared/contract/contract'

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

/** One valid input per channel, the starting point for mutations. */
const VALID_INPUTS: { [C in RequestChannel]: Record<string, unknown> } = {
  'app.status': {},
  'app.notices': {},
  'app.engineProcess': {},
  'settings.get': {},
  'settings.update': { samplingPreset: 'llama3', systemPrompt: 'Be brief.' },
  'chat.send': { text: 'Hello' },
  'chat.stop': { generationId: 'abc-123' },
  'chat.regenerate': { assistantMessageId: 'abc-123' },
  'chat.continue': { assistantMessageId: 'abc-123' },
  'chat.edit': { messageId: 'abc-123', text: 'Hello again' },
  'conversations.list': { limit: 50 },
  'conversations.get': { id: 'abc-123' },
  'conversations.create': { title: 'New chat' },
  'conversations.rename': { id: 'abc-123', title: 'Renamed' },
  'conversations.setPinned': { id: 'abc-123', pinned: true },
  'conversations.delete': { id: 'abc-123' },
  'conversations.restore': { id: 'abc-123' },
  'conversations.updateSettings': { id: 'abc-123', systemPrompt: 'Be brief.' },
  'conversations.switchBranch': { messageId: 'abc-123' },
  'conversations.deleteMessage': { messageId: 'abc-123' },
  'conversations.restoreMessages': { undoId: 'abc-123' },
  'conversations.search': { query: 'hello' },
  'conversations.export': { ids: 'all', format: 'json' },
  'conversations.import': { content: '{}' },
  'conversations.importPart': { uploadId: 'upload-123', index: 0, content: '{}', last: true },
  'models.catalogue': {},
  'models.fit': { modelId: 'llama3-iterative-dpo-final' },
  'models.download': { modelId: 'llama3-iterative-dpo-final', quant: 'Q4_K_M' },
  'models.pause': { downloadId: 'abc123' },
  'models.resume': { downloadId: 'abc123' },
  'models.cancel': { downloadId: 'abc123' },
  'models.downloads': {},
  'models.installed': {},
  'models.addLocal': { path: '/models/a.gguf' },
  'models.activate': { path: '/models/a.gguf' },
  'models.delete': { path: '/models/a.gguf' },
  'api.status': {},
  'api.key': {},
  'api.regenerateKey': {},
  'api.stop': {},
  'remote.models': { baseUrl: 'http://127.0.0.1:9/v1' },
  'remote.setKey': { endpointId: 'abc-123', key: 'k' },
}

const WEIRD_VALUES: unknown[] = [
  null,
  undefined,
  0,
  -1,
  1.5,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  '',
  ' ',
  'x'.repeat(200_001),
  '../../etc/passwd',
  '<script>alert(1)</script>',
  true,
  [],
  [1, 2, 3],
  {},
  { nested: { deeper: [null] } },
  () => undefined,
  Symbol('s'),
  BigInt(7),
  new Date(0),
]

export interface MalformedCase {
  channel: unknown
  input: unknown
  /** What the case breaks, for a readable failure. */
  why: string
}

/**
 * Generates payloads that the contract must refuse: unknown channel names, non-object inputs, valid
 * inputs with a field replaced by a wrong value, with an extra key (schemas are strict) or with a
 * required field removed. Each case is checked against the schema so only truly malformed ones count.
 */
export function* malformedPayloads(seed: number, count: number): Generator<MalformedCase> {
  const random = seededRandom(seed)
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T
  let produced = 0
  while (produced < count) {
    const kind = Math.floor(random() * 5)
    const channel = pick(REQUEST_CHANNELS)
    const valid = VALID_INPUTS[channel]
    let candidate: MalformedCase
    switch (kind) {
      case 0:
        candidate = {
          channel: pick([
            ...WEIRD_VALUES,
            'chat.delete',
            'CHAT.SEND',
            'app.status ',
            '__proto__',
            'constructor',
          ]),
          input: valid,
          why: 'unknown channel',
        }
        break
      case 1:
        candidate = { channel, input: pick(WEIRD_VALUES), why: 'input is not an object' }
        break
      case 2: {
        const keys = Object.keys(valid)
        const key = keys.length > 0 ? pick(keys) : 'text'
        candidate = {
          channel,
          input: { ...valid, [key]: pick(WEIRD_VALUES) },
          why: `${key} has a wrong value`,
        }
        break
      }
      case 3:
        candidate = {
          channel,
          input: {
            ...valid,
            [pick(['extra', '__proto__', 'constructor', 'then'])]: pick(WEIRD_VALUES),
          },
          why: 'unknown key',
        }
        break
      default: {
        const keys = Object.keys(valid)
        const drop = keys.length > 0 ? pick(keys) : null
        const input = Object.fromEntries(Object.entries(valid).filter(([key]) => key !== drop))
        candidate = {
          channel,
          input: drop === null ? pick(WEIRD_VALUES) : input,
          why: `${drop ?? 'input'} missing`,
        }
      }
    }
    if (isMalformed(candidate)) {
      produced += 1
      yield candidate
    }
  }
}

function isMalformed({ channel, input }: MalformedCase): boolean {
  if (typeof channel !== 'string' || !(REQUEST_CHANNELS as readonly string[]).includes(channel))
    return true
  return !requests[channel as RequestChannel].input.safeParse(input).success
}
