import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { _electron as electron, expect, test, type ElectronApplication } from '@playwright/test'
import { electronBinary } from './fixtures/electron'

const binary = electronBinary()

/** The shell's test view (app.ts exposes it with HEARTH_E2E=1): the tray's menu and the shortcut. */
interface DesktopSnapshot {
  trayMenu: { kind: string; label?: string; accelerator?: string }[] | null
  shortcut: { accelerator: string; registered: boolean; error: string | null }
}

async function launch(dataDir: string, extraArgs: string[] = []): Promise<ElectronApplication> {
  if (!('path' in binary)) throw new Error('no Electron binary')
  return electron.launch({
    executablePath: binary.path,
    args: ['out/main/index.js', `--user-data-dir=${dataDir}`, ...extraArgs],
    env: { ...process.env, HEARTH_MODEL: '', HEARTH_E2E: '1' },
  })
}

function snapshot(app: ElectronApplication): Promise<DesktopSnapshot> {
  return app.evaluate(() => {
    const desktop = Reflect.get(globalThis, 'hearthDesktop') as { snapshot(): DesktopSnapshot }
    return desktop.snapshot()
  })
}

test.describe('the desktop assistant in Electron (tray, shortcut, quick window, window state)', () => {
  let dataDir = ''
  test.beforeAll(() => {
    if ('reason' in binary)
      console.log(
        `Skipping the Electron desktop specs: ${binary.reason}. The tray menu, shortcut, window-state and launch rules are unit-tested in src/main/electron; the quick prompt's page is tested in Chromium (e2e/quick-prompt.spec.ts).`,
      )
  })
  test.beforeEach(async () => {
    test.skip('reason' in binary, 'reason' in binary ? binary.reason : '')
    dataDir = await mkdtemp(join(tmpdir(), 'hearth-electron-'))
  })
  test.afterEach(async () => {
    if (dataDir !== '') await rm(dataDir, { recursive: true, force: true })
  })

  test('the tray menu offers the quick prompt with its shortcut, Open, New conversation, the model state and Quit', async () => {
    const app = await launch(dataDir)
    await app.firstWindow()
    const { trayMenu, shortcut } = await snapshot(app)
    test.skip(trayMenu === null, 'this desktop has no tray')
    expect(trayMenu?.map((item) => item.label ?? '—')).toEqual([
      'Quick prompt',
      'Open Hearth',
      'New conversation',
      '—',
      'No model',
      '—',
      'Quit Hearth',
    ])
    if (shortcut.registered) expect(trayMenu?.[0]?.accelerator).toBe(shortcut.accelerator)
    await app.close()
  })

  test('the global shortcut is registered, or its failure is shown in Settings', async () => {
    const app = await launch(dataDir)
    const page = await app.firstWindow()
    const { shortcut } = await snapshot(app)
    const registered = await app.evaluate(
      ({ globalShortcut }, accelerator) => globalShortcut.isRegistered(accelerator),
      shortcut.accelerator,
    )
    expect(registered).toBe(shortcut.registered)
    await page.getByTestId('composer-input').press('Control+,')
    const state = page.getByTestId('settings-quick-shortcut-state')
    if (shortcut.registered)
      await expect(state).toContainText('opens the quick prompt from any app')
    else await expect(state).toHaveText(shortcut.error ?? '')
    await app.close()
  })

  test('the quick window opens focused on #/quick and Esc hides it', async () => {
    const app = await launch(dataDir)
    await app.firstWindow()
    await app.evaluate(() => {
      const desktop = Reflect.get(globalThis, 'hearthDesktop') as { toggleQuick(): void }
      desktop.toggleQuick()
    })
    const quick = await app.waitForEvent('window', (page) => page.url().endsWith('#/quick'))
    await expect(quick.getByTestId('quick-input')).toBeFocused()
    const visible = () =>
      app.evaluate(({ BrowserWindow }) =>
        BrowserWindow.getAllWindows().some(
          (w) => w.isVisible() && w.webContents.getURL().endsWith('#/quick'),
        ),
      )
    expect(await visible()).toBe(true)
    await quick.getByTestId('quick-input').press('Escape')
    await expect.poll(visible).toBe(false)
    await app.close()
  })

  test('the main window comes back with the size it had', async () => {
    const first = await launch(dataDir)
    await first.firstWindow()
    await first.evaluate(({ BrowserWindow }) => {
      const window = BrowserWindow.getAllWindows().find(
        (w) => !w.webContents.getURL().includes('#/quick'),
      )
      window?.setBounds({ x: 40, y: 50, width: 900, height: 640 })
    })
    await first.close()
    const second = await launch(dataDir)
    await second.firstWindow()
    const bounds = await second.evaluate(({ BrowserWindow }) =>
      BrowserWindow.getAllWindows()[0]?.getNormalBounds(),
    )
    expect(bounds).toMatchObject({ width: 900, height: 640 })
    await second.close()
  })
})
