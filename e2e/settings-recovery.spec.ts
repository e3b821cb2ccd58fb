import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import { startHeadless, type HeadlessHearth } from './fixtures/headless'

test.describe('a damaged settings file', () => {
  let hearth: HeadlessHearth | null = null
  let dataDir = ''

  test.afterEach(async () => {
    await hearth?.stop()
    hearth = null
    await rm(dataDir, { recursive: true, force: true })
  })

  test('keeps what parses and tells the user where the damaged copy went', async ({ page }) => {
    dataDir = await mkdtemp(join(tmpdir(), 'hearth-e2e-settings-'))
    await writeFile(
      join(dataDir, 'settings.json'),
      JSON.stringify({ systemPrompt: 'Answer in French.', threads: 'many' }),
    )
    hearth = await startHeadless({ dataDir })
    await page.goto(hearth.url)
    const notice = page.locator('[data-testid="app-notice"][data-kind="settings-recovered"]')
    await expect(notice).toBeVisible()
    const copies = (await readdir(dataDir)).filter((name) =>
      name.startsWith('settings.json.damaged-'),
    )
    expect(copies).toHaveLength(1)
    await expect(notice).toContainText(copies[0] ?? 'missing')
    await expect(notice).toContainText('threads was reset')
  })
})
