import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { DesktopStateFile } from './desktop-state'

let dir: string
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hearth-desktop-state-'))
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('the desktop state file', () => {
  it('starts empty, remembers the window and one-time notices across runs', async () => {
    const first = await DesktopStateFile.open(dir)
    expect(first.current).toEqual({
      window: null,
      trayNoticeShown: false,
      shortcutNoticedFor: null,
    })
    await first.update({
      window: { bounds: { x: 10, y: 20, width: 900, height: 700 }, maximized: true },
    })
    await first.update({ trayNoticeShown: true })
    const second = await DesktopStateFile.open(dir)
    expect(second.current).toEqual({
      window: { bounds: { x: 10, y: 20, width: 900, height: 700 }, maximized: true },
      trayNoticeShown: true,
      shortcutNoticedFor: null,
    })
  })

  it('starts over from a damaged file, and replaces it on the next write', async () => {
    await writeFile(join(dir, 'desktop-state.json'), '{"window": 3')
    const state = await DesktopStateFile.open(dir)
    expect(state.current.window).toBeNull()
    await state.update({ shortcutNoticedFor: 'Alt+Space' })
    expect(JSON.parse(await readFile(join(dir, 'desktop-state.json'), 'utf8'))).toMatchObject({
      shortcutNoticedFor: 'Alt+Space',
    })
  })
})
