import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import OpenAI from 'openai'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { freePort } from '../../../../scripts/llama-server.ts'
import { TEST_MODEL_REPLY } from '../../../../scripts/make-test-model.ts'
import { ensureTestModel } from '../../../../scripts/test-model-cache.ts'
import type { EventPayload } from '../../../shared/contract/contract'
import { startTestCore, type TestCore } from '../../../../test-support/api-server'

// The API server as the app runs it: turned on through settings.update, its key from the secret
// store, sharing the core's engine, and writing to the history only when the setting says so.

describe('the API server in the core', () => {
  let test: TestCore
  let dataDir: string
  const logLines: string[] = []
  const changes: EventPayload<'api.changed'>[] = []
  const call: TestCore['call'] = (channel, input) => test.call(channel, input)

  beforeAll(async () => {
    const record = (message: string, detail?: unknown) =>
      logLines.push(`${message} ${JSON.stringify(detail ?? null)}`)
    test = await startTestCore({
      modelPathOverride: await ensureTestModel({ variant: 'reply', preset: 'tiny' }),
      autoTitles: false,
      log: { info: record, error: record },
    })
    dataDir = test.dataDir
    test.core.events.on('api.changed', (status) => changes.push(status))
  })

  afterAll(async () => {
    await test.close()
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
    expect(test.core.chat.send({ text: 'Hi' }).ok).toBe(true)
    await test.core.chat.stopAll()
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
