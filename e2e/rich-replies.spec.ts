import { expect, test, type Page } from '@playwright/test'
import type { HeadlessHearth } from './fixtures/headless'
import { startScriptedHearth } from './fixtures/scripted-hearth'

const TS_CODE = 'const answer: number = 42\nconsole.log(answer)'
const RICH_REPLY = [
  'Here is **the plan**, with a [reference](https://example.com/docs).',
  '',
  '```ts',
  TS_CODE,
  '```',
  '',
  'Inline math $e^{i\\pi} + 1 = 0$ and a display:',
  '',
  '$$',
  '\\int_0^1 x^2 \\, dx = \\frac{1}{3}',
  '$$',
  '',
  '| Step | Done |',
  '| ---- | ---- |',
  '| one  | - [x] |',
  '',
  '```python',
  'print("hi")',
  '```',
].join('\n')

/** Opens the scripted Hearth and waits until its engine reports ready. */
async function openScripted(page: Page, hearth: HeadlessHearth): Promise<void> {
  await page.goto(hearth.url)
  await expect(page.getByTestId('status-model')).toContainText('Scripted engine')
}

test.describe('rich replies in Chromium against headless Hearth (scripted engine output)', () => {
  let hearth: HeadlessHearth | null = null
  test.beforeEach(async () => {
    hearth = await startScriptedHearth(() => RICH_REPLY, { chunkSize: 6, chunkDelayMs: 5 })
  })
  test.afterEach(async () => {
    await hearth?.stop()
    hearth = null
  })

  test('renders Markdown, highlighted code with copy, KaTeX from our own origin and safe links, under the CSP', async ({
    page,
    context,
  }) => {
    if (hearth === null) throw new Error('no Hearth')
    const violations: string[] = []
    const foreignRequests: string[] = []
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) violations.push(message.text())
    })
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (event) =>
        console.error(
          `Content Security Policy violation: ${event.violatedDirective} ${event.blockedURI} ` +
            `${event.sourceFile}:${event.lineNumber} ${event.sample}`,
        ),
      )
    })
    const fontRequests: string[] = []
    page.on('request', (request) => {
      const url = new URL(request.url())
      if (url.hostname !== '127.0.0.1') foreignRequests.push(request.url())
      if (/KaTeX_.*\.woff2$/.test(url.pathname)) fontRequests.push(url.pathname)
    })
    await context.grantPermissions(['clipboard-read', 'clipboard-write'])
    await openScripted(page, hearth)
    // The page drops the token from its address once read; this is the address to stay on.
    const hearthUrl = page.url()

    const input = page.getByTestId('composer-input')
    await input.fill('Show **this** as $typed$')
    await input.press('Enter')
    const reply = page.getByTestId('message-assistant').last()
    await expect(reply).toHaveAttribute('data-finish-reason', 'done')

    // The user's message stays the text they typed.
    const mine = page.getByTestId('message-user').last()
    await expect(mine.locator('.message-plain')).toHaveText('Show **this** as $typed$')
    await expect(mine.locator('strong, .katex')).toHaveCount(0)

    // Markdown, a table and a task list.
    await expect(reply.locator('strong')).toHaveText('the plan')
    await expect(reply.locator('table th')).toHaveText(['Step', 'Done'])

    // Code blocks: language label, highlighting once complete, a working copy button.
    const blocks = reply.getByTestId('code-block')
    await expect(blocks).toHaveCount(2)
    await expect(blocks.getByTestId('code-language')).toHaveText(['ts', 'python'])
    await expect(blocks.first()).toHaveAttribute('data-highlighted', 'true')
    await expect(blocks.last()).toHaveAttribute('data-highlighted', 'true')
    const colours = await blocks
      .first()
      .locator('.code-token')
      .evaluateAll((tokens) => new Set(tokens.map((t) => getComputedStyle(t).color)).size)
    expect(colours).toBeGreaterThan(1)
    await blocks.first().getByTestId('copy-code').click()
    await expect(blocks.first().getByTestId('copy-code')).toHaveText('Copied')
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(TS_CODE)

    // Math: inline and display KaTeX, its fonts loaded from Hearth's own origin.
    await expect(reply.locator('.katex')).toHaveCount(2)
    await expect(reply.locator('.katex-display')).toHaveCount(1)
    await page.evaluate(() => document.fonts.ready)
    expect(await page.evaluate(() => document.fonts.check('16px KaTeX_Main'))).toBe(true)
    expect(fontRequests.length).toBeGreaterThan(0)

    // Links open outside the app: a new tab that cannot reach back to Hearth.
    const link = reply.getByRole('link', { name: 'reference' })
    await expect(link).toHaveAttribute('target', '_blank')
    await expect(link).toHaveAttribute('rel', 'noopener noreferrer')
    await context.route('https://example.com/**', (route) =>
      route.fulfill({ contentType: 'text/html', body: '<title>docs</title>' }),
    )
    const [popup] = await Promise.all([context.waitForEvent('page'), link.click()])
    await popup.waitForLoadState()
    expect(popup.url()).toBe('https://example.com/docs')
    expect(await popup.evaluate(() => window.opener === null)).toBe(true)
    expect(page.url()).toBe(hearthUrl)
    await popup.close()

    expect(violations).toEqual([])
    // Hearth's page itself asked nothing of any other host (the link loaded in its own tab).
    expect(foreignRequests).toEqual([])
  })
})
