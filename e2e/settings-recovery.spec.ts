import { readdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { expect, test } from './fixtures/hearth-test'

test.describe('a damaged settings file', () => {
  test('keeps what parses and tells the user where the damaged copy went', async ({
    page,
    startHearth,
    tempDir,
  }) => {
    const dataDir = await tempDir()
    await writeFile(
      join(dataDir, 'settings.json'),
      JSON.stringify({ systemPrompt: 'Answer in French.', threads: 'many' }),
    )
    const hearth = await startHearth({ dataDir, model: null })
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
