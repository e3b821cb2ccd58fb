import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AppErrorSchema } from '../../../shared/contract/errors'
import { createCore, type Core } from '../create-core'
import { ensureTestModel } from '../../../../scripts/test-model-cache.ts'
import { checkRequest, createDispatch, type Handlers } from './dispatch'
import {
  CHANNEL_SAMPLES,
  fuzzSeed,
  malformedPayloads,
  replayHint,
} from '../../../../test-support/malformed-payloads'

const silent = { info: () => undefined, error: () => undefined }

describe('dispatch', () => {
  let core: Core
  let dataDir: string

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'hearth-dispatch-'))
    core = await createCore({
      dataDir,
      modelPathOverride: await ensureTestModel(),
      threads: 1,
      log: silent,
    })
    await core.start()
  })

  afterAll(async () => {
    await core.dispose()
    await rm(dataDir, { recursive: true, force: true })
  })

  it('answers every one of 1,500 generated malformed payloads with the typed error its breakage calls for', async () => {
    const seed = fuzzSeed()
    console.log(`dispatch fuzz: ${replayHint(seed)}`)
    let count = 0
    for (const payload of malformedPayloads(seed, 1500)) {
      const result = await core.dispatch(payload.channel, payload.input)
      // The verdict comes from how the generator broke the payload, not from the schema under test.
      const context = `${replayHint(seed)}, case ${count}: ${payload.why}`
      expect(result.ok ? 'accepted' : result.error.code, context).toBe(payload.expected)
      if (!result.ok) {
        expect(AppErrorSchema.safeParse(result.error).success, context).toBe(true)
        expect(result.error.message.length, context).toBeGreaterThan(10)
      }
      count += 1
    }
    expect(count).toBe(1500)
    // Still serving real requests afterwards.
    const status = await core.dispatch('app.status', {})
    expect(status).toMatchObject({ ok: true, value: { state: 'ready' } })
  })

  it("passes each channel's unbroken sample, so the fuzz cases are refused for what was broken", () => {
    for (const [channel, sample] of Object.entries(CHANNEL_SAMPLES)) {
      expect(checkRequest(channel, sample.input), channel).toMatchObject({ ok: true })
    }
  })

  it('names the offending field in the message', async () => {
    const result = await core.dispatch('chat.send', { text: 42 })
    expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } })
    expect(!result.ok && result.error.message).toContain('text')
  })

  it('turns a handler that throws into INTERNAL without leaking the details', async () => {
    const errors: unknown[] = []
    const throwing = new Proxy({} as Handlers, {
      get: () => async () => {
        throw new Error('secret internal detail')
      },
    })
    const dispatch = createDispatch(throwing, { error: (_message, detail) => errors.push(detail) })
    const result = await dispatch('app.status', {})
    expect(result).toMatchObject({ ok: false, error: { code: 'INTERNAL' } })
    expect(JSON.stringify(result)).not.toContain('secret')
    expect(errors).toHaveLength(1)
  })

  it('names the log folder in the message, where the shell keeps a log', async () => {
    const throwing = new Proxy({} as Handlers, {
      get: () => async () => {
        throw new Error('boom')
      },
    })
    const dispatch = createDispatch(throwing, {
      error: () => undefined,
      folder: '/home/ada/.config/Hearth/logs',
    })
    const result = await dispatch('app.status', {})
    expect(!result.ok && result.error.message).toBe(
      'Something went wrong in Hearth while handling app.status. Details are in the log in /home/ada/.config/Hearth/logs.',
    )
  })
})
