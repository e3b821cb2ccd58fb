import { mkdir, writeFile } from 'node:fs/promises'
import AxeBuilder from '@axe-core/playwright'
import type { Page } from '@playwright/test'
import { ask, openHearth } from './fixtures/chat'
import { expect, test } from './fixtures/hearth-test'

// Themes, narrow windows and accessibility in Chromium against headless Hearth on the generated
// model: axe scans the chat, settings, models and search views in both themes, and each view is
// saved as a screenshot under test-results/screens/.

const SCREENS = 'test-results/screens'
type Theme = 'light' | 'dark'

/** The page's background colour, as the browser computes it. */
function background(page: Page): Promise<string> {
  return page.evaluate(() => getComputedStyle(document.body).backgroundColor)
}

/** Scans the page as it is now; answers the serious and critical violations, and saves all. */
async function scan(page: Page, name: string): Promise<string[]> {
  const result = await new AxeBuilder({ page }).analyze()
  await mkdir('test-results/axe', { recursive: true })
  const summary = result.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    nodes: v.nodes.map((node) => node.target.join(' ')),
  }))
  await writeFile(`test-results/axe/${name}.json`, `${JSON.stringify(summary, null, 2)}\n`)
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((node) => node.target.join(' ')).join(', ')}`)
}

async function view(page: Page, name: string, theme: Theme): Promise<void> {
  await mkdir(SCREENS, { recursive: true })
  await page.screenshot({ path: `${SCREENS}/${name}-${theme}.png` })
  expect(await scan(page, `${name}-${theme}`), `axe on ${name} in the ${theme} theme`).toEqual([])
}

test.describe('look and feel', () => {
  test('chat, settings, models and search pass axe in both OS themes, saved as screenshots', async ({
    page,
    hearth,
  }) => {
    await openHearth(page, hearth)
    await ask(page, 'Hello there')
    const colours: Record<Theme, string> = { light: '', dark: '' }
    for (const theme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: theme })
      colours[theme] = await background(page)
      await view(page, 'chat', theme)

      await page.getByTestId('composer-input').press('Control+k')
      await expect(page.getByTestId('search-input')).toBeFocused()
      await page.getByTestId('search-input').fill('Hello')
      await expect(page.getByTestId('search-result').first()).toBeVisible()
      await view(page, 'search', theme)
      await page.getByTestId('search-input').press('Escape')

      await page.getByTestId('settings-open').click()
      await expect(page.getByTestId('settings-screen')).toBeVisible()
      await view(page, 'settings', theme)
      await page.getByTestId('settings-close').click()

      await page.getByTestId('models-open').click()
      await expect(page.getByTestId('models-screen')).toBeVisible()
      await view(page, 'models', theme)
      await page.getByTestId('models-close').click()
    }
    // The theme follows the OS: the two backgrounds differ.
    expect(colours.light).not.toBe(colours.dark)
  })

  test('a chosen theme wins over the OS and is kept after a reload', async ({ page, hearth }) => {
    await openHearth(page, hearth)
    await page.emulateMedia({ colorScheme: 'dark' })
    const dark = await background(page)
    await page.emulateMedia({ colorScheme: 'light' })
    const light = await background(page)

    await page.getByTestId('settings-open').click()
    await expect(page.getByRole('radio', { name: 'Follow the system' })).toBeChecked()
    await page.getByRole('radio', { name: 'Dark' }).click()
    await expect(page.getByRole('radio', { name: 'Dark' })).toBeChecked()
    await expect.poll(() => background(page)).toBe(dark)
    await page.reload()
    await expect(page.getByTestId('status-model')).toContainText('Hearth Test Model')
    await expect.poll(() => background(page)).toBe(dark)

    await page.emulateMedia({ colorScheme: 'dark' })
    await page.getByTestId('settings-open').click()
    await page.getByRole('radio', { name: 'Light' }).click()
    await expect.poll(() => background(page)).toBe(light)
    await page.getByRole('radio', { name: 'Follow the system' }).click()
    await expect.poll(() => background(page)).toBe(dark)
  })

  test('works 360 px wide: no sideways scrolling, conversations behind a button', async ({
    page,
    hearth,
  }) => {
    await page.setViewportSize({ width: 360, height: 720 })
    await openHearth(page, hearth)
    await ask(page, 'A narrow window')
    const width = () => page.evaluate(() => document.documentElement.scrollWidth)
    expect(await width()).toBeLessThanOrEqual(360)
    await expect(page.getByTestId('composer-input')).toBeInViewport()
    await expect(page.getByTestId('new-chat')).toBeHidden()
    await mkdir(SCREENS, { recursive: true })
    await page.screenshot({ path: `${SCREENS}/chat-360px.png` })

    const toggle = page.getByRole('button', { name: 'Conversations' })
    await expect(toggle).toHaveAttribute('aria-expanded', 'false')
    await toggle.click()
    await expect(page.getByTestId('new-chat')).toBeVisible()
    await page.screenshot({ path: `${SCREENS}/conversations-360px.png` })
    expect(await scan(page, 'conversations-360px')).toEqual([])
    // New chat, and opening a conversation, put the list away.
    await page.getByTestId('new-chat').click()
    await expect(page.getByTestId('new-chat')).toBeHidden()
    await expect(page.getByTestId('message-user')).toHaveCount(0)
    await toggle.click()
    await page.getByTestId('conversation-title').first().click()
    await expect(page.getByTestId('new-chat')).toBeHidden()
    await expect(page.getByTestId('message-user')).toHaveCount(1)

    await page.getByRole('button', { name: 'Conversations' }).click()
    await page.getByTestId('settings-open').click()
    await expect(page.getByTestId('settings-screen')).toBeVisible()
    expect(await width()).toBeLessThanOrEqual(360)
    await page.screenshot({ path: `${SCREENS}/settings-360px.png` })
  })
})
