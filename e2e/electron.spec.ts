import { _electron as electron, expect, test } from '@playwright/test'
import { electronBinary } from './fixtures/electron'

const binary = electronBinary()

test.describe('the Electron shell', () => {
  test.beforeAll(() => {
    if ('reason' in binary)
      console.log(
        `Skipping Electron specs: ${binary.reason}. Headless specs cover the same renderer and core.`,
      )
  })

  test('opens one hardened window whose page has the preload bridge and a strict CSP', async () => {
    test.skip('reason' in binary, 'reason' in binary ? binary.reason : '')
    if (!('path' in binary)) return
    const app = await electron.launch({
      executablePath: binary.path,
      args: ['out/main/index.js'],
      env: { ...process.env, HEARTH_MODEL: '' },
    })
    const page = await app.firstWindow()
    await expect(page.getByTestId('no-model-notice')).toBeVisible()
    // Loaded from the privileged app:// scheme, never file://.
    expect(page.url()).toMatch(/^app:\/\/hearth\/index\.html/)
    // Spellcheck is off and every permission is refused (no dictionary download, no prompts).
    expect(
      await page.evaluate(async () => {
        const status = await navigator.permissions.query({ name: 'notifications' })
        return status.state
      }),
    ).not.toBe('granted')
    expect(await page.evaluate(() => typeof window.hearth?.invoke)).toBe('function')
    expect(await page.evaluate(() => Object.keys(window.hearth ?? {}).sort())).toEqual([
      'invoke',
      'on',
    ])
    expect(await page.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe(
      'undefined',
    )
    const csp = await page.evaluate(() =>
      document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content'),
    )
    expect(csp).toContain("script-src 'self'")
    // An inline script is refused by the CSP.
    const inlineRan = await page.evaluate(() => {
      const script = document.createElement('script')
      script.textContent = 'window.__inline = true'
      document.head.append(script)
      return (window as { __inline?: boolean }).__inline === true
    })
    expect(inlineRan).toBe(false)
    // No Node in the page: sandboxed, isolated, without nodeIntegration.
    expect(await page.evaluate(() => typeof (globalThis as { process?: unknown }).process)).toBe(
      'undefined',
    )
    expect(await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length)).toBe(1)
    await app.close()
  })
})
