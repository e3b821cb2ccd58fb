import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import { findLlamaServer, startLlamaServer, type LlamaServer } from '../scripts/llama-server.ts'
import { ensureTestModel } from '../scripts/test-model-cache.ts'
import { ask } from './fixtures/chat'
import { startHeadless, type HeadlessHearth } from './fixtures/headless'

// Headless Hearth in Chromium with replies made by a real llama.cpp server (built from the source
// node-llama-cpp ships by scripts/build-llama-server.sh; .ci/run builds it).

const server = findLlamaServer()
const missing = 'missing' in server ? server.missing : null
if (missing !== null) console.log(`Skipping the llama-server e2e specs: ${missing}`)
const binary = 'path' in server ? server.path : ''

test.describe('choosing a llama.cpp server in Models', () => {
  test.skip(missing !== null, missing ?? '')
  let llama: LlamaServer
  let hearth: HeadlessHearth

  test.beforeEach(async () => {
    llama = await startLlamaServer({ binary, modelPath: await ensureTestModel() })
    hearth = await startHeadless({})
  })

  test.afterEach(async () => {
    await hearth?.stop()
    await llama?.stop()
  })

  test('adds the server, finds its model, chooses it and chats through it', async ({ page }) => {
    await page.goto(hearth.url)
    await expect(page.getByTestId('status-engine')).toHaveText('on this computer')
    await page.getByTestId('models-open').click()
    await page.getByTestId('endpoint-name').fill('llama.cpp')
    await page.getByTestId('endpoint-url').fill(llama.baseUrl)
    await page.getByTestId('endpoint-find-models').click()
    await expect(page.getByTestId('endpoint-model')).toHaveValue(llama.modelId)
    await page.getByTestId('endpoint-add').click()
    // The choice is the core's setting: the radio turns on once settings.update has answered.
    const choice = page.getByRole('radio', { name: /^llama\.cpp:/ })
    await choice.click()
    await expect(choice).toBeChecked()
    await expect(page.getByTestId('status-engine')).toHaveText('on llama.cpp')
    await page.getByTestId('models-close').click()
    await ask(page, 'Hi')
  })
})

test.describe('a llama.cpp server that never stops, chosen in settings', () => {
  test.skip(missing !== null, missing ?? '')
  let llama: LlamaServer
  let hearth: HeadlessHearth
  let dataDir: string

  test.beforeEach(async () => {
    llama = await startLlamaServer({
      binary,
      modelPath: await ensureTestModel({ variant: 'endless', preset: 'medium' }),
    })
    dataDir = await mkdtemp(join(tmpdir(), 'hearth-e2e-remote-'))
    const endpoint = {
      id: 'llama',
      name: 'llama.cpp',
      baseUrl: llama.baseUrl,
      modelId: llama.modelId,
    }
    await writeFile(
      join(dataDir, 'settings.json'),
      JSON.stringify({ remoteEndpoints: [endpoint], engineChoice: 'llama' }),
    )
    hearth = await startHeadless({ dataDir })
  })

  test.afterEach(async () => {
    await hearth?.stop()
    await llama?.kill()
    await rm(dataDir, { recursive: true, force: true })
  })

  test('streams, stops, and keeps the partial reply marked when the server dies', async ({
    page,
  }) => {
    await page.goto(hearth.url)
    await expect(page.getByTestId('status-engine')).toHaveText('on llama.cpp')
    const composer = page.getByTestId('composer-input')
    await composer.fill('Tell me a long story')
    await composer.press('Enter')
    const first = page.getByTestId('message-assistant').last()
    await expect.poll(async () => (await first.textContent())?.length ?? 0).toBeGreaterThan(10)
    await page.getByTestId('stop-button').click()
    await expect(first).toHaveAttribute('data-finish-reason', 'stopped')

    await composer.fill('Another long one')
    await composer.press('Enter')
    const second = page.getByTestId('message-assistant').last()
    await expect.poll(async () => (await second.textContent())?.length ?? 0).toBeGreaterThan(10)
    await llama.kill()
    await expect(second).toHaveAttribute('data-finish-reason', 'error')
    await expect(second.getByTestId('message-error')).toContainText('part received is kept')
    await expect(second).toContainText('Hello from Hearth')
  })
})
