import { readFile } from 'node:fs/promises'
import type { Page } from '@playwright/test'
import { TEST_MODEL_REPLY } from '../scripts/make-test-model.ts'
import { ensureTestModel } from '../scripts/test-model-cache.ts'
import { startFakeHfServer, type FakeHfServer } from './fixtures/fake-hf-server.ts'
import { expect, test } from './fixtures/hearth-test'

// The generated model, served under the catalogue's real names, as Hugging Face would serve it.
const REPO = 'bartowski/LLaMA3-iterative-DPO-final-GGUF'
const FILE = 'LLaMA3-iterative-DPO-final-Q4_K_M.gguf'

test.describe('first run: choose, download, verify and load the model', () => {
  let fake: FakeHfServer | null = null

  test.afterEach(async () => {
    await fake?.close()
    fake = null
  })

  test('downloads the default model with pause and resume, then chats with it', async ({
    page,
    startHearth,
  }) => {
    const data = await readFile(await ensureTestModel({ variant: 'reply', preset: 'tiny' }))
    fake = await startFakeHfServer({ files: [{ repo: REPO, file: FILE, data }] })
    // About 0.5 MB at 60 KB/s: several seconds, long enough to pause by hand.
    fake.faults(REPO, FILE).bytesPerSecond = 60_000
    const hearth = await startHearth({ env: { HF_ENDPOINT: fake.url }, model: null })
    await page.goto(hearth.url)

    await expect(page.getByTestId('first-run')).toBeVisible()
    const entries = page.getByTestId('catalogue-entry')
    await expect(entries).toHaveCount(2)
    const chosen = page.locator(
      '[data-testid="catalogue-entry"][data-model-id="llama3-iterative-dpo-final"]',
    )
    await expect(chosen).toHaveAttribute('data-selected', 'true')
    // No GPU here: every quant says so, and the recommended one (Q4_K_M) is preselected.
    const q4 = chosen.locator('[data-testid="quant-option"][data-quant="Q4_K_M"]')
    await expect(q4).toHaveAttribute('data-fit', /^(gpu|partial|cpu)$/)
    await expect(q4).toContainText(/Fits on the GPU|Partly on the GPU|CPU only/)
    await expect(q4.getByRole('radio')).toBeChecked()
    await page.screenshot({ path: 'test-results/first-run-catalogue.png', fullPage: true })

    await page.getByTestId('download-button').click()
    const progress = page.getByTestId('download-progress')
    await expect(progress).toHaveAttribute('data-phase', 'downloading')
    await expect(page.getByTestId('download-speed')).toHaveText(/\/s$/)
    await expect(page.getByTestId('download-eta')).toHaveText(/left$/)

    await page.getByTestId('pause-button').click()
    await expect(progress).toHaveAttribute('data-phase', 'paused')
    await page.screenshot({ path: 'test-results/first-run-paused.png', fullPage: true })
    const bytesAtPause = await page.getByTestId('download-bytes').textContent()
    await page.waitForTimeout(1_500)
    await expect(page.getByTestId('download-bytes')).toHaveText(bytesAtPause ?? '')
    await expect(progress).toHaveAttribute('data-phase', 'paused')

    const phases = await recordPhases(page)
    await page.getByTestId('resume-button').click()
    // Resuming re-hashes the bytes already on disk (Verifying), then fetches the rest.
    await expect.poll(phases).toMatch(/^paused .*verifying downloading/)
    // Once verified, the core loads the model by itself (Loading) and the chat opens.
    await expect(page.getByTestId('composer-input')).toBeVisible({ timeout: 60_000 })
    await expect(page.getByTestId('first-run')).toHaveCount(0)
    await expect(page.getByTestId('status-model')).toContainText('Hearth Test Model')

    await page.getByTestId('composer-input').fill('Hello?')
    await page.getByTestId('composer-input').press('Enter')
    const reply = page.getByTestId('message-assistant').last()
    await expect(reply).toHaveAttribute('data-finish-reason', 'done')
    await expect(reply).toContainText(TEST_MODEL_REPLY)

    // The Models screen lists the download as the active model.
    await page.getByTestId('models-open').click()
    await expect(page.getByTestId('models-screen')).toBeVisible()
    const installed = page.getByTestId('installed-model')
    await expect(installed).toHaveCount(1)
    await expect(installed).toHaveAttribute('data-active', 'true')
    await expect(installed).toContainText('LLaMA3-iterative-DPO-final Q4_K_M')
  })

  test('refuses a local file that is not a GGUF model, with a clear message', async ({
    page,
    startHearth,
  }) => {
    const hearth = await startHearth({ model: null })
    await page.goto(hearth.url)
    await page.getByText('Other ways to add a model').click()
    await page.getByTestId('local-path-input').fill('/etc/hostname.gguf')
    await page.getByTestId('local-path-add').click()
    await expect(page.getByTestId('models-error')).toContainText('/etc/hostname.gguf')
    await expect(page.getByTestId('first-run')).toBeVisible()
  })
})

/** Records each phase the download's progress shows, in order, however briefly. */
async function recordPhases(page: Page): Promise<() => Promise<string>> {
  await page.evaluate(() => {
    const seen: string[] = []
    ;(window as unknown as { phasesSeen: string[] }).phasesSeen = seen
    const note = () => {
      const phase = document
        .querySelector('[data-testid="download-progress"]')
        ?.getAttribute('data-phase')
      if (phase && seen.at(-1) !== phase) seen.push(phase)
    }
    note()
    new MutationObserver(note).observe(document.body, {
      subtree: true,
      childList: true,
      attributes: true,
      attributeFilter: ['data-phase'],
    })
  })
  return () =>
    page.evaluate(() => (window as unknown as { phasesSeen: string[] }).phasesSeen.join(' '))
}
