import { ask, openHearth, setContextSize } from './fixtures/chat'
import { expect, test } from './fixtures/hearth-test'

// Settings that apply at once, and a conversation's own settings, in Chromium against headless
// Hearth on the real engine and the generated model. The exact prompt text each one produces is
// checked on the engine itself (src/main/core/chat/llama-chat.test.ts); here the window shows what
// each reply was made with.

test.describe('settings in Chromium, on the real engine and the generated model', () => {
  test('a change in Settings applies to the next reply, and a runtime change reloads the model at once', async ({
    page,
    hearth,
  }) => {
    await openHearth(page, hearth)
    await ask(page, 'Before any setting')
    const details = page.getByTestId('reply-details').last()
    await details.locator('summary').click()
    await expect(details.getByTestId('reply-details-system')).toHaveText('None')

    await page.getByTestId('settings-open').click()
    await page.getByTestId('settings-system-prompt').fill('Answer like a lighthouse keeper.')
    await page.getByTestId('settings-system-prompt-save').click()
    await expect(page.getByTestId('settings-chat-saved')).toHaveText(
      'Saved. The next reply uses it; no reload needed.',
    )
    await page.getByTestId('settings-sampling-llama3').check()
    await page.getByTestId('settings-close').click()

    await ask(page, 'After the setting')
    const next = page.getByTestId('reply-details').last()
    await next.locator('summary').click()
    await expect(next.getByTestId('reply-details-system')).toHaveText(
      'Answer like a lighthouse keeper.',
    )
    await expect(next.getByTestId('reply-details-sampling')).toContainText('temperature 0.6')

    // The context size is fixed at load: saving it reloads the model, and the window says so.
    await setContextSize(page, 512)
    await expect(page.getByTestId('status-model')).toContainText('Hearth Test Model')
    await ask(page, 'With a smaller context')
    await expect(page.getByTestId('context-meter-text')).toHaveText(/ \/ 512 tokens$/)
  })

  test("a conversation's own system prompt and sampling are used for it and not for another", async ({
    page,
    hearth,
  }) => {
    await openHearth(page, hearth)
    // Set before the first message: the conversation is created with them.
    await page.getByTestId('conversation-settings-toggle').click()
    await page.getByTestId('conversation-own-prompt').check()
    await page.getByTestId('conversation-system-prompt').fill('You are a pirate.')
    await page.getByTestId('conversation-sampling-choice').selectOption('custom')
    await page.getByTestId('conversation-temperature').fill('0.2')
    await page.getByTestId('conversation-seed').fill('42')
    await page.getByTestId('save-preset-name').fill('Careful')
    await page.getByTestId('save-preset').click()
    await page.getByTestId('conversation-settings-save').click()
    await expect(page.getByTestId('chat-notice')).toHaveText(
      "Saved. This conversation's next reply uses these settings.",
    )
    await expect(page.getByTestId('composer-input')).toBeFocused()

    await ask(page, 'Ahoy?')
    const pirate = page.getByTestId('reply-details').last()
    await pirate.locator('summary').click()
    await expect(pirate.getByTestId('reply-details-system')).toHaveText('You are a pirate.')
    await expect(pirate.getByTestId('reply-details-sampling')).toContainText(
      'temperature 0.2, top-p 1',
    )
    await expect(pirate.getByTestId('reply-details-sampling')).toContainText('seed 42')
    await expect(page.getByTestId('conversation-row')).toHaveCount(1)
    await expect(page.getByTestId('conversation-title').first()).not.toHaveText('')

    // Another conversation uses the app's settings; the saved preset is offered there.
    await page.keyboard.press('Control+n')
    await expect(page.getByTestId('message-user')).toHaveCount(0)
    await expect(page.getByTestId('composer-input')).toBeFocused()
    await ask(page, 'Hello?')
    const plain = page.getByTestId('reply-details').last()
    await plain.locator('summary').click()
    await expect(plain.getByTestId('reply-details-system')).toHaveText('None')
    await expect(plain.getByTestId('reply-details-sampling')).toContainText('temperature 1,')
    await page.getByTestId('conversation-settings-toggle').click()
    await expect(
      page.getByTestId('conversation-sampling-choice').locator('option', { hasText: 'Careful' }),
    ).toHaveCount(1)
    await page.getByTestId('conversation-sampling-choice').selectOption('saved:Careful')
    await page.getByTestId('conversation-settings-save').click()
    await ask(page, 'Now careful?')
    const careful = page.getByTestId('reply-details').last()
    await careful.locator('summary').click()
    await expect(careful.getByTestId('reply-details-sampling')).toContainText('Preset "Careful"')
    await expect(careful.getByTestId('reply-details-system')).toHaveText('None')
  })
})
