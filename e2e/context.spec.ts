import { ask, openHearth, setContextSize } from './fixtures/chat'
import { expect, test } from './fixtures/hearth-test'

// The context the user can see, in Chromium against headless Hearth on the real engine with the
// generated model and a 256-token context. The exact prompt sent after truncation is asserted on
// the engine (src/main/core/chat/llama-chat.test.ts, engine/llama-engine-context.test.ts).

test.describe('the context in Chromium, on the real engine and the generated model', () => {
  test('shows the meter, a divider where older messages fell out of view, and refuses an over-large message', async ({
    page,
    hearth,
  }) => {
    await openHearth(page, hearth)
    await setContextSize(page, 256)

    // Each exchange takes about 106 tokens; 64 stay free for the reply, so only the newest fits.
    const question = (n: number) => `Question ${n}: ${'m'.repeat(80)}`
    await ask(page, question(1))
    await expect(page.getByTestId('context-meter-text')).toHaveText('106 / 256 tokens')
    await expect(page.getByTestId('context-divider')).toHaveCount(0)

    await ask(page, question(2))
    const divider = page.getByTestId('context-divider')
    await expect(divider).toHaveText('Earlier messages are beyond what the model can see')
    // Right above the second question: the first exchange is what the model no longer sees.
    const next = divider.locator('xpath=following-sibling::*[1]')
    await expect(next).toHaveAttribute('data-testid', 'message-user')
    await expect(next).toContainText('Question 2')

    // A message larger than the whole context: a clear error, and no reply is made.
    const composer = page.getByTestId('composer-input')
    await composer.fill('n'.repeat(400))
    await composer.press('Enter')
    await expect(page.getByTestId('message-error')).toContainText(
      "more than this model's context of 256 tokens",
    )
    await expect(page.getByTestId('message-assistant')).toHaveCount(3)
    await expect(page.getByTestId('message-assistant').last()).toHaveAttribute(
      'data-finish-reason',
      'error',
    )

    // The divider is stored with the conversation: it is still there after a reload.
    await page.reload()
    await expect(page.getByTestId('message-user')).toHaveCount(3)
    await expect(page.getByTestId('context-divider')).toHaveCount(1)
    await expect(
      page.getByTestId('context-divider').locator('xpath=following-sibling::*[1]'),
    ).toContainText('Question 2')
  })
})
