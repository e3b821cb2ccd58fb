import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import OpenAI from 'openai'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TEST_MODEL_REPLY } from '../../../../scripts/make-test-model.ts'
import { ensureTestModel } from '../../../../scripts/test-model-cache.ts'
import type {
  EventPayload,
  RequestChannel,
  RequestInput,
  RequestOutput,
} from '../../../shared/contract/contract'
import { createCore, type Core } from '../create-core'

// The API server as the app runs it: turned on through settings.update, its key from the secret
// store, sharing the core's engine, and writing to the history only when the setting says so.

/** A port the operating system just gave out: the core's settings take no port 0. */
async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen({ host: '127.0.0.1', port: 0 }, resolve))
  const address = server.address()
  await new Promise<void>((resolve) => server.close(() => resolve()))
  if (address === null || typeof address !== 'object') throw new Error('no port')
  return address.port
}

describe('the API server in the core', () => {
  let core: Core
  let dataDir: string
  const logLines: string[] = []
  const changes: EventPayload<'api.changed'>[] = []

  async function call<C extends RequestChannel>(
    channel: C,
    input: RequestInput<C>,
  ): Promise<RequestOutput<C>> {
    const result = await core.dispatch(channel, input)
    if (!result.ok) throw new Error(`${channel}: ${result.error.message}`)
    return result.value as RequestOutput<C>
  }

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'hearth-api-core-'))
    const record = (message: string, detail?: unknown) =>
      logLines.push(`${message} ${JSON.stringify(detail ?? null)}`)
    core = await createCore({
      dataDir,
      modelPathOverride: await ensureTestModel({ variant: 'reply', preset: 'tiny' }),
      threads: 1,
      autoTitles: false,
      log: { info: record, error: record },
    })
    core.events.on('api.changed', (status) => changes.push(status))
    await core.start()
  })

  afterAll(async () => {
    await core.dispose()
    await rm(dataDir, { recursive: true, force: true })
  })

  it('is off by default', async () => {
    expect(await call('api.status', {})).toMatchObject({
      enabled: false,
      listening: false,
      port: 4311,
      baseUrl: null,
    })
  })

  it('starts from Settings, answers with the generated key, and keeps no history by default', async () => {
    const port = await freePort()
    await call('settings.update', { apiServerEnabled: true, apiServerPort: port })
    const status = await call('api.status', {})
    expect(status).toMatchObject({ listening: true, baseUrl: `http://127.0.0.1:${port}/v1` })
    expect(changes.at(-1)?.listening).toBe(true)
    const { key } = await call('api.key', {})
    expect(key).toMatch(/^hearth-/)
    // Kept with the other secrets, not in settings.json.
    expect(await readFile(join(dataDir, 'secrets.json'), 'utf8')).toContain(key)
    expect(await readFile(join(dataDir, 'settings.json'), 'utf8')).not.toContain(key)

    const client = new OpenAI({ apiKey: key, baseURL: status.baseUrl ?? '', maxRetries: 0 })
    const [model] = (await client.models.list()).data
    const completion = await client.chat.completions.create({
      model: model?.id ?? '',
      messages: [{ role: 'user', content: 'Hi' }],
      temperature: 0,
    })
    expect(completion.choices[0]?.message.content).toBe(TEST_MODEL_REPLY)
    expect((await call('conversations.list', {})).conversations).toEqual([])
    // The window shares the engine: its own reply still works after the API's.
    expect(core.chat.send({ text: 'Hi' }).ok).toBe(true)
    await core.chat.stopAll()
    expect(logLines.join('\n')).not.toContain(key)
  })

  it('writes API conversations into the history when the setting says so', async () => {
    await call('settings.update', { apiKeepHistory: true })
    const { baseUrl } = await call('api.status', {})
    const { key } = await call('api.key', {})
    const client = new OpenAI({ apiKey: key, baseURL: baseUrl ?? '', maxRetries: 0 })
    const [model] = (await client.models.list()).data
    await client.chat.completions.create({
      model: model?.id ?? '',
      messages: [{ role: 'user', content: 'Tell me about the API' }],
      temperature: 0,
    })
    const { conversations } = await call('conversations.list', {})
    const kept = conversations.find((c) => c.title === 'API: Tell me about the API')
    expect(kept).toBeDefined()
    const thread = await call('conversations.get', { id: kept?.id ?? '' })
    expect(thread.messages.map((m) => [m.role, m.text])).toEqual([
      ['user', 'Tell me about the API'],
      ['assistant', TEST_MODEL_REPLY],
    ])
  })

  it('refuses the old key after regenerating, and stops when turned off', async () => {
    const { baseUrl } = await call('api.status', {})
    const { key: old } = await call('api.key', {})
    const { key } = await call('api.regenerateKey', {})
    expect(key).not.toBe(old)
    const stale = new OpenAI({ apiKey: old, baseURL: baseUrl ?? '', maxRetries: 0 })
    await expect(stale.models.list()).rejects.toBeInstanceOf(OpenAI.AuthenticationError)
    expect(await call('api.stop', {})).toEqual({ stopped: 0 })
    await call('settings.update', { apiServerEnabled: false })
    expect(await call('api.status', {})).toMatchObject({ listening: false, baseUrl: null })
    const fresh = new OpenAI({ apiKey: key, baseURL: baseUrl ?? '', maxRetries: 0 })
    await expect(fresh.models.list()).rejects.toBeInstanceOf(OpenAI.APIConnectionError)
  })
})
