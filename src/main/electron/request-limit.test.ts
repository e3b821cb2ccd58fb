import { describe, expect, it } from 'vitest'
import { ok, type Result } from '../../shared/contract/result'
import { createRequestLimiter } from './request-limit'

describe('the IPC bridge request limit', () => {
  it('answers BUSY past the limit for one window, not for another, and frees a place as each ends', async () => {
    const limited = createRequestLimiter(2)
    const pending: (() => void)[] = []
    const slow = () =>
      new Promise<Result<string>>((resolve) => pending.push(() => resolve(ok('done'))))

    const first = limited(1, slow)
    const second = limited(1, slow)
    expect(await limited(1, slow)).toMatchObject({ ok: false, error: { code: 'BUSY' } })
    const otherWindow = limited(2, async () => ok('other'))
    expect(await otherWindow).toEqual(ok('other'))

    pending.shift()?.()
    expect(await first).toEqual(ok('done'))
    const third = limited(1, slow)
    pending.splice(0).forEach((answer) => answer())
    expect(await Promise.all([second, third])).toEqual([ok('done'), ok('done')])
  })

  it('frees the place of a request that threw', async () => {
    const limited = createRequestLimiter(1)
    await expect(limited(1, () => Promise.reject(new Error('boom')))).rejects.toThrow('boom')
    expect(await limited(1, async () => ok('again'))).toEqual(ok('again'))
  })
})
