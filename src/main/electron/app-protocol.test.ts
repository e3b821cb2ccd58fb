import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CONTENT_SECURITY_POLICY } from '../../shared/web-content'
import { answerAppRequest, APP_INDEX_URL } from './app-protocol'

describe('the app:// protocol', () => {
  let root: string
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'hearth-app-protocol-'))
  })
  afterAll(async () => {
    await rm(root, { recursive: true, force: true })
  })

  it('serves the index page and assets from the renderer build, each with the production CSP', () => {
    const index = answerAppRequest('GET', APP_INDEX_URL, root)
    expect(index).toMatchObject({ kind: 'file', file: join(root, 'index.html') })
    expect(index.headers['Content-Security-Policy']).toBe(CONTENT_SECURITY_POLICY)
    expect(index.headers['Content-Type']).toBe('text/html; charset=utf-8')
    const root404 = answerAppRequest('GET', 'app://hearth/', root)
    expect(root404).toMatchObject({ kind: 'file', file: join(root, 'index.html') })
    const script = answerAppRequest('GET', 'app://hearth/assets/index-abc.js?x=1#/quick', root)
    expect(script).toMatchObject({ kind: 'file', file: join(root, 'assets/index-abc.js') })
    expect(script.headers['Content-Type']).toBe('text/javascript; charset=utf-8')
    expect(script.headers['X-Content-Type-Options']).toBe('nosniff')
  })

  it('refuses other hosts, other methods and paths that climb out, still with the CSP', () => {
    const cases = [
      answerAppRequest('GET', 'app://elsewhere/index.html', root),
      answerAppRequest('POST', APP_INDEX_URL, root),
      answerAppRequest('GET', 'app://hearth/..%2f..%2fetc%2fpasswd', root),
      answerAppRequest('GET', 'app://hearth/%E0%A4%A', root),
      answerAppRequest('GET', 'https://hearth/index.html', root),
      answerAppRequest('GET', 'not a url', root),
    ]
    expect(cases.map((answer) => (answer.kind === 'error' ? answer.status : 200))).toEqual([
      404, 405, 403, 400, 404, 400,
    ])
    for (const answer of cases)
      expect(answer.headers['Content-Security-Policy']).toBe(CONTENT_SECURITY_POLICY)
  })
})
