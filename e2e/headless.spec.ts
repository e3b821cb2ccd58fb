import { mkdir } from 'node:fs/promises'
import type { Page } from '@playwright/test'
import { TEST_MODEL_REPLY } from '../scripts/make-test-model.ts'
import { expect, test } from './fixtures/hearth-test'

/** Samples the streaming reply's length on every animation frame for `ms` milliseconds. */
async function sampleReplyLengths(page: Page, ms: number): Promise<number[]> {
  return page.evaluate(
    (duration) =>
      new Promise<number[]>((resolve) => {
        const lengths: number[] = []
        const started = performance.now()
        const tick = () => {
          const messages = document.querySelectorAll('[data-testid="message-assistant"]')
          lengths.push(messages[messages.length - 1]?.textContent?.length ?? 0)
          if (performance.now() - started < duration) requestAnimationFrame(tick)
          else resolve(lengths)
        }
        requestAnimationFrame(tick)
      }),
    ms,
  )
}

test.describe('headless Hearth in Chromium, on the real engine and the generated model', () => {
  test('shows the model, sends a message and gets the exact reply', async ({ page, hearth }) => {
    await page.goto(hearth.url)
    await expect(page.getByTestId('status-model')).toContainText('Hearth Test Model')
    await expect(page.getByTestId('status-backend')).toHaveText(/CPU/)
    await expect(page.getByTestId('status-gpu-layers')).toHaveText('0/3 layers on GPU')
    // The token leaves the visible address once the page has it.
    expect(page.url()).not.toContain('token=')
    await page.getByTestId('composer-input').fill('Hello, who are you?')
    await page.getByTestId('composer-input').press('Enter')
    await expect(page.getByTestId('message-user')).toHaveText(/Hello, who are you\?/)
    const reply = page.getByTestId('message-assistant').last()
    await expect(reply).toHaveAttribute('data-finish-reason', 'done')
    await expect(reply).toContainText(TEST_MODEL_REPLY)
  })

  test.describe('on the generated model that never stops', () => {
    test.use({ hearthModel: { variant: 'endless', preset: 'medium' } })

    test('the reply grows over several frames, stops mid-reply, and the chat is saved as a screenshot', async ({
      page,
      hearth,
    }) => {
      await page.goto(hearth.url)
      await expect(page.getByTestId('status-line')).toContainText('Hearth Test Model')
      await page.getByTestId('composer-input').fill('Tell me a long story')
      await page.getByTestId('send-button').click()
      const reply = page.getByTestId('message-assistant').last()
      await expect(reply).toHaveAttribute('data-streaming', 'true')
      const lengths = await sampleReplyLengths(page, 1500)
      const distinct = new Set(lengths.filter((length) => length > 0))
      expect(
        distinct.size,
        `reply lengths seen on each frame: ${lengths.join(',')}`,
      ).toBeGreaterThanOrEqual(3)
      expect(lengths).toEqual([...lengths].sort((a, b) => a - b))

      await page.getByTestId('stop-button').click()
      await expect(reply).toHaveAttribute('data-finish-reason', 'stopped')
      // After the stop no token may arrive: the reply's text (not its details line, which the read
      // that follows the end fills in) stays as it was.
      await expect(reply.getByText('Details')).toBeVisible()
      const text = reply.locator('.markdown-blocks')
      const stoppedText = await text.textContent()
      await page.waitForTimeout(500)
      expect(await text.textContent()).toBe(stoppedText)
      expect(stoppedText?.length ?? 0).toBeGreaterThan(0)
      await expect(page.getByTestId('send-button')).toBeVisible()

      await mkdir('test-results', { recursive: true })
      await page.screenshot({ path: 'test-results/headless-chat.png', fullPage: true })
    })

    test('Esc stops a running reply and Shift+Enter writes a new line', async ({
      page,
      hearth,
    }) => {
      await page.goto(hearth.url)
      const input = page.getByTestId('composer-input')
      await expect(page.getByTestId('status-model')).toContainText('Hearth Test Model')
      await input.fill('first line')
      await input.press('Shift+Enter')
      await input.pressSequentially('second line')
      await expect(input).toHaveValue('first line\nsecond line')
      await input.press('Enter')
      const reply = page.getByTestId('message-assistant').last()
      await expect(reply).toHaveAttribute('data-streaming', 'true')
      await expect.poll(async () => (await reply.textContent())?.length ?? 0).toBeGreaterThan(10)
      await input.press('Escape')
      await expect(reply).toHaveAttribute('data-finish-reason', 'stopped')
    })
  })

  test.describe('without a model', () => {
    test.use({ hearthModel: null })

    test('says plainly that no model is installed when started without one', async ({
      page,
      hearth,
    }) => {
      await page.goto(hearth.url)
      await expect(page.getByTestId('no-model-notice')).toBeVisible()
      await expect(page.getByTestId('no-model-notice')).toContainText(/no model/i)
    })

    test('the page without a token holds no data and says how to connect', async ({
      page,
      hearth,
    }) => {
      await page.goto(hearth.url.replace(/#token=.*/, ''))
      await expect(page.getByTestId('app-error')).toContainText('#token=')
    })
  })
})
