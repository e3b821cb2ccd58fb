import { execFileSync } from 'node:child_process'
import type { Page } from '@playwright/test'
import { openHearth } from './fixtures/chat'
import type { HeadlessHearth } from './fixtures/headless'
import { expect, test } from './fixtures/hearth-test'

// The core runs in its own process (core-process/): a native abort in llama.cpp ends that process,
// never the server or the window. SIGKILL stands in for the abort here.

/** The pid of the core process, the headless server's one child. */
function corePid(hearth: HeadlessHearth): number {
  try {
    const out = execFileSync('pgrep', ['-P', String(hearth.pid)], { encoding: 'utf8' }).trim()
    return Number(out.split('\n')[0])
  } catch {
    return 0 // pgrep found none: between a crash and the restart, or after giving up
  }
}

async function killCore(hearth: HeadlessHearth): Promise<number> {
  const pid = corePid(hearth)
  process.kill(pid, 'SIGKILL')
  return pid
}

/** Records every banner text the page shows, however briefly (a restart takes a moment). */
async function recordBanners(page: Page): Promise<() => Promise<string[]>> {
  await page.evaluate(() => {
    const seen: string[] = []
    ;(window as unknown as { bannersSeen: string[] }).bannersSeen = seen
    new MutationObserver(() => {
      for (const banner of document.querySelectorAll('[data-testid="app-error"]')) {
        const text = banner.textContent ?? ''
        if (!seen.includes(text)) seen.push(text)
      }
    }).observe(document.body, { childList: true, subtree: true, characterData: true })
  })
  return () => page.evaluate(() => (window as unknown as { bannersSeen: string[] }).bannersSeen)
}

test.describe('the core in its own process, in Chromium against headless Hearth', () => {
  test('a core killed mid-reply is restarted: the window says so, keeps the reply and chats again', async ({
    page,
    startHearth,
  }) => {
    const hearth = await startHearth({ model: { variant: 'endless', preset: 'medium' } })
    await openHearth(page, hearth)
    const banners = await recordBanners(page)

    await page.getByTestId('composer-input').fill('Tell me a long story')
    await page.getByTestId('composer-input').press('Enter')
    const reply = page.getByTestId('message-assistant').last()
    await expect.poll(async () => (await reply.textContent())?.length ?? 0).toBeGreaterThan(20)
    const killed = await killCore(hearth)

    // The notice, then the same window on a new core: the reply kept, marked, Continue offered.
    await expect.poll(banners).toContain('The engine stopped unexpectedly; restarting.')
    await expect(reply).toHaveAttribute('data-finish-reason', 'interrupted')
    expect(((await reply.textContent()) ?? '').length).toBeGreaterThan(20)
    await expect(reply.getByTestId('continue-button')).toBeVisible()
    await expect(page.getByTestId('app-error')).toHaveCount(0)
    expect(corePid(hearth)).not.toBe(killed)

    // And it chats again, once the new core has loaded the model ("still loading" until then).
    await expect(page.getByTestId('status-gpu-layers')).toBeVisible()
    await page.getByTestId('composer-input').fill('Another story')
    await expect(async () => {
      await page.getByTestId('composer-input').press('Enter')
      await expect(page.getByTestId('message-user')).toHaveCount(2, { timeout: 1_000 })
    }).toPass()
    const next = page.getByTestId('message-assistant').last()
    await expect(next).toHaveAttribute('data-streaming', 'true')
    await expect.poll(async () => (await next.textContent())?.length ?? 0).toBeGreaterThan(10)
    await page.getByTestId('stop-button').click()
    await expect(next).toHaveAttribute('data-finish-reason', 'stopped')
  })

  test('a core that dies three times within a minute is not restarted again, and the window says what to do', async ({
    page,
    hearth,
  }) => {
    await openHearth(page, hearth)

    let last = await killCore(hearth)
    for (let crash = 2; crash <= 3; crash += 1) {
      // Wait for the restarted core before killing it again.
      await expect.poll(() => [0, last].includes(corePid(hearth))).toBe(false)
      last = await killCore(hearth)
    }
    const banner = page.getByTestId('app-error')
    await expect(banner).toContainText('stopped three times within a minute')
    await expect(banner).toContainText(`${hearth.dataDir}/logs`)
    // No fourth start: the server has no core child any more.
    await expect.poll(() => corePid(hearth)).toBe(0)
  })
})
