import { createRequire } from 'node:module'
import { existsSync } from 'node:fs'
import { _electron as electron, expect, test } from '@playwright/test'

/** The Electron binary's path, or why it is not available (it cannot be downloaded here). */
function electronBinary(): { path: string } | { reason: string } {
  try {
    const path = createRequire(import.meta.url)('electron') as unknown
    if (typeof path === 'string' && existsSync(path)) return { path }
    return { reason: 'the electron package has no binary' }
  } catch (cause) {
    return { reason: `require('electron') failed: ${cause instanceof Error ? cause.message.split('\n')[0] : String(cause)}` }
  }
}

const binary = electronBinary()

test.describe('the Electron shell', () => {
  test.beforeAll(() => {
    if ('reason' in binary) console.log(`Skipping Electron specs: ${binary.reason}. Headless specs cover the same renderer and core.`)
  })

  test('opens one hardened window whose page has the preload bridge and a strict CSP', async () => {
    test.skip('reason' in binary, 'reason' in binary ? binary.reason : '')
    if (!('path' in binary)) return
    const app = await electron.launch({ executablePath: binary.path, args: ['out/main/index.js'], env: { ...process.env, HEARTH_MODEL: '' } })
    const window = await app.firstWindow()
    await expect(window.getByTestId('no-model-notice')).toBeVisible()
    expect(await window.evaluate(() => typeof window.hearth?.invoke)).toBe('function')
    expect(await window.evaluate(() => Object.keys(window.hearth ?? {}).sort())).toEqual(['invoke', 'on'])
    expect(await window.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined')
    const csp = await window.evaluate(() => document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content'))
    expect(csp).toContain("script-src 'self'")
    // An inline script is refused by the CSP.
    const inlineRan = await window.evaluate(() => {
      const script = document.createElement('script')
      script.textContent = 'window.__inline = true'
      document.head.append(script)
      return (window as { __inline?: boolean }).__inline === true
    })
    expect(inlineRan).toBe(false)
    const prefs = await app.evaluate(({ BrowserWindow }) => {
      const contents = BrowserWindow.getAllWindows()[0]?.webContents
      const p = contents?.getLastWebPreferences()
      return { contextIsolation: p?.contextIsolation, sandbox: p?.sandbox, nodeIntegration: p?.nodeIntegration }
    })
    expect(prefs).toEqual({ contextIsolation: true, sandbox: true, nodeIntegration: false })
    expect(await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length)).toBe(1)
    await app.close()
  })
})
