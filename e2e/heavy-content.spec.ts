import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from '@playwright/test'
import { openHearth } from './fixtures/chat'
import { importConversations } from './fixtures/export-file'
import { HEAVY_CONTENT, heavyConversations, type HeavyName } from './fixtures/heavy-content'
import { expect, test } from './fixtures/hearth-test'

/** Opens the imported conversation titled `name` and waits for its reply to render. */
async function open(page: Page, name: HeavyName): Promise<void> {
  await page
    .getByTestId('conversation-title')
    .filter({ hasText: new RegExp(`^${name}$`) })
    .click()
  await expect(page.locator('[data-testid="message-user"] .message-plain')).toHaveText(
    `Show me ${name}`,
  )
  await expect(page.locator('[data-testid="message-assistant"] .markdown')).toHaveCount(1)
}

/** The page still runs script and paints: a frame arrives, and nothing reported a broken view. */
async function expectAlive(page: Page): Promise<void> {
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(resolve)))
  await expect(page.getByTestId('screen-undisplayable')).toHaveCount(0)
  await expect(page.getByTestId('message-undisplayable')).toHaveCount(0)
}

test.describe('heavy and deeply nested replies in Chromium, imported into headless Hearth', () => {
  let dir = ''
  const pageErrors: string[] = []

  test.beforeEach(async ({ page }) => {
    dir = await mkdtemp(join(tmpdir(), 'hearth-heavy-'))
    pageErrors.length = 0
    page.on('pageerror', (error) => pageErrors.push(error.message))
  })
  test.afterEach(async () => {
    await rm(dir, { recursive: true, force: true })
    expect(pageErrors).toEqual([])
  })

  test('renders each heavy input to completion, and a reload reopens a deep quote without crashing', async ({
    page,
    hearth,
  }) => {
    await openHearth(page, hearth)
    await importConversations(page, dir, heavyConversations())
    const reply = page.getByTestId('message-assistant')

    await open(page, 'deepQuote')
    await expect(reply).toContainText('the bottom of a deep quote')
    expect(await reply.locator('blockquote').count()).toBeGreaterThan(1)
    await expectAlive(page)

    // Hearth reopens the last conversation at start: the reload must render it again, not crash.
    await page.reload()
    await expect(reply).toContainText('the bottom of a deep quote')
    await expectAlive(page)

    await open(page, 'deepQuoteLines')
    await expect(reply).toContainText('level 800')
    await expectAlive(page)

    await open(page, 'asterisks')
    const shown = await reply.locator('.markdown').evaluate((el) => el.textContent?.length ?? 0)
    // A run of asterisks alone on a line is a thematic break; either way nothing is lost or hung.
    expect(shown === 0 || shown === HEAVY_CONTENT.asterisks.length).toBe(true)
    await expectAlive(page)

    await open(page, 'longLine')
    const longText = await reply.locator('.markdown').evaluate((el) => el.textContent ?? '')
    expect(longText.length).toBe(HEAVY_CONTENT.longLine.length)
    expect(longText.endsWith(' end')).toBe(true)
    await expectAlive(page)

    await open(page, 'wideTable')
    await expect(reply.locator('table th')).toHaveCount(2_000)
    await expect(reply.locator('table td').last()).toHaveText('1999')
    await expectAlive(page)
  })
})
