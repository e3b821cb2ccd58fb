import { describe, expect, it } from 'vitest'
import { MAX_REQUEST_CHARS } from '../../../shared/contract/limits'
import { FakeTransport } from '../test/fake-transport'
import { ok } from '../test/fixtures'
import { createClient } from '../transport/client'
import { importInParts } from './conversations-store'

const report = { imported: 1, messages: 2, renamedIds: [], skipped: [] }

describe('importInParts', () => {
  it('sends a small file in one request', async () => {
    const transport = new FakeTransport().respond('conversations.import', () => ok(report))
    expect(await importInParts(createClient(transport), '{"small":true}')).toEqual(ok(report))
    expect(transport.calls.map((call) => call.channel)).toEqual(['conversations.import'])
  })

  it('sends a file over one request in ordered parts that add up to it', async () => {
    const content = 'a'.repeat(MAX_REQUEST_CHARS * 2 + 5)
    const transport = new FakeTransport().respond('conversations.importPart', (input) => {
      const { last } = input as { last: boolean }
      return ok({ receivedChars: 0, report: last ? report : null })
    })
    expect(await importInParts(createClient(transport), content)).toEqual(ok(report))
    const parts = transport.calls.map(
      (call) => call.input as { uploadId: string; index: number; content: string; last: boolean },
    )
    expect(parts.map((part) => [part.index, part.content.length, part.last])).toEqual([
      [0, MAX_REQUEST_CHARS, false],
      [1, MAX_REQUEST_CHARS, false],
      [2, 5, true],
    ])
    expect(new Set(parts.map((part) => part.uploadId)).size).toBe(1)
  })
})
