import { TEST_MODEL_REPLY } from '../scripts/make-test-model.ts'
import { quickUrl } from './fixtures/quick'
import { expect, test } from './fixtures/hearth-test'

test.describe('the quick prompt (#/quick) in Chromium, on headless Hearth and the generated model', () => {
  test('asks, streams the answer, includes the clipboard only when asked, continues in the main view and is found in the history', async ({
    page,
    context,
    hearth,
  }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write'])
    await page.goto(quickUrl(hearth))
    const input = page.getByTestId('quick-input')
    // Focused at once, with the cursor in the composer; the token left the address, the route stayed.
    await expect(input).toBeFocused()
    expect(page.url()).toMatch(/#\/quick$/)
    await expect(page.getByTestId('quick-status')).toHaveText('')

    // The clipboard holds text, but nothing reads it until the user asks.
    await page.evaluate(() =>
      navigator.clipboard.writeText('Error: disk full\n  at write (fs.js:1)'),
    )
    await expect(page.getByTestId('quick-clipboard-chip')).toHaveCount(0)

    await input.fill('What does this mean?')
    await input.press('Control+Shift+V')
    const chip = page.getByTestId('quick-clipboard-chip')
    await expect(chip).toContainText('Error: disk full')
    await expect(chip).toContainText('37 characters')
    await input.press('Enter')
    await expect(chip).toHaveCount(0)
    const question = page.getByTestId('message-user').last()
    await expect(question).toContainText('What does this mean?')
    await expect(question).toContainText('at write (fs.js:1)')
    const answer = page.getByTestId('message-assistant').last()
    await expect(answer).toHaveAttribute('data-finish-reason', 'done')
    await expect(answer).toContainText(TEST_MODEL_REPLY)
    const conversationId = await input.getAttribute('data-conversation-id')
    expect(conversationId).toBeTruthy()

    // Ctrl+Enter continues in the main view, with the same conversation open at its end.
    await input.press('Control+Enter')
    await expect(page.getByTestId('composer-input')).toBeVisible()
    const row = page.locator(
      `[data-testid="conversation-row"][data-conversation-id="${conversationId}"]`,
    )
    await expect(row).toHaveAttribute('aria-current', 'true')
    await expect(row).toHaveAttribute('data-quick', 'true')
    await expect(row.getByTestId('conversation-quick-mark')).toHaveText('Quick')
    await expect(page.getByTestId('message-assistant').last()).toContainText(TEST_MODEL_REPLY)

    // Found in the history after a reload, through search as well as the sidebar.
    await page.reload()
    await expect(row).toHaveAttribute('data-quick', 'true')
    await page.getByTestId('composer-input').press('Control+k')
    await page.getByTestId('search-input').fill('disk full')
    await expect(
      page
        .locator(`[data-testid="search-result"][data-conversation-id="${conversationId}"]`)
        .first(),
    ).toBeVisible()
    await page.getByTestId('search-input').press('Escape')

    // Shown again within ten minutes, the quick prompt returns to the same quick conversation.
    await page.goto(quickUrl(hearth))
    await expect(page.getByTestId('quick-input')).toHaveAttribute(
      'data-conversation-id',
      conversationId ?? '',
    )
    await expect(page.getByTestId('message-assistant').last()).toContainText(TEST_MODEL_REPLY)
  })

  test('the Clipboard button says so when the browser refuses to read it', async ({
    page,
    hearth,
  }) => {
    await page.goto(quickUrl(hearth))
    await page.getByTestId('quick-clipboard').click()
    await expect(page.getByTestId('quick-clipboard-error')).toContainText('did not let Hearth read')
    await expect(page.getByTestId('quick-input')).toBeFocused()
  })
})
