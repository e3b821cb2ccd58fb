import type { Page } from '@playwright/test'
import { TEST_MODEL_REPLY } from '../scripts/make-test-model.ts'
import { ask, openHearth } from './fixtures/chat'
import { expect, test } from './fixtures/hearth-test'

// Edit, branches, copy, delete with undo and the chat's keyboard, in Chromium against headless
// Hearth on the real engine and the generated model.

function userTexts(page: Page) {
  return page.getByTestId('message-user').locator('.message-plain').allTextContents()
}

test.describe('edit and branches in Chromium, on the real engine and the generated model', () => {
  test.beforeEach(async ({ context }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write'])
  })

  test('edits a message into a new branch, switches between branches and keeps them after a reload', async ({
    page,
    hearth,
  }) => {
    await openHearth(page, hearth)
    await ask(page, 'Plan a trip')
    await ask(page, 'To Lisbon')

    // Edit the second question: a new branch, answered afresh; the old one stays.
    const second = page.getByTestId('message-user').nth(1)
    await second.getByTestId('edit-button').click()
    await expect(page.getByTestId('edit-input')).toBeFocused()
    await page.getByTestId('edit-input').fill('To Porto')
    await page.getByTestId('edit-input').press('Enter')
    await expect(page.getByTestId('message-assistant').last()).toHaveAttribute(
      'data-finish-reason',
      'done',
    )
    await expect.poll(() => userTexts(page)).toEqual(['Plan a trip', 'To Porto'])
    const switcher = page.getByTestId('message-user').nth(1).getByTestId('branch-switcher')
    await expect(switcher.getByTestId('branch-position')).toHaveText('2 / 2')
    await expect(page.getByTestId('composer-input')).toBeFocused()

    // Previous shows the original question with its own reply.
    await switcher.getByTestId('branch-previous').click()
    await expect(switcher.getByTestId('branch-position')).toHaveText('1 / 2')
    await expect.poll(() => userTexts(page)).toEqual(['Plan a trip', 'To Lisbon'])
    await expect(page.getByTestId('message-assistant')).toHaveCount(2)
    await expect(page.getByTestId('composer-input')).toBeFocused()

    // Regenerate keeps the alternative: the reply now shows 2 / 2, and 1 / 2 is the old one.
    await page.getByTestId('regenerate-button').click()
    const reply = page.getByTestId('message-assistant').last()
    await expect(reply.getByTestId('branch-position')).toHaveText('2 / 2')
    await reply.getByTestId('branch-previous').click()
    await expect(
      page.getByTestId('message-assistant').last().getByTestId('branch-position'),
    ).toHaveText('1 / 2')

    // Continuing this branch, then a reload: the same branch is shown, alternatives intact.
    await ask(page, 'And then Sintra')
    await page.reload()
    await expect(page.getByTestId('message-user')).toHaveCount(3)
    await expect
      .poll(() => userTexts(page))
      .toEqual(['Plan a trip', 'To Lisbon', 'And then Sintra'])
    await page.getByTestId('message-user').nth(1).getByTestId('branch-next').click()
    await expect.poll(() => userTexts(page)).toEqual(['Plan a trip', 'To Porto'])
  })

  test('copies, deletes with undo, and drives the chat from the keyboard', async ({
    page,
    hearth,
  }) => {
    await openHearth(page, hearth)
    await ask(page, 'First question')
    await ask(page, 'Second question')
    const composer = page.getByTestId('composer-input')

    // Up in the empty composer edits the last message; Esc puts it back and the cursor returns.
    await composer.press('ArrowUp')
    await expect(page.getByTestId('edit-input')).toHaveValue('Second question')
    await page.getByTestId('edit-input').press('Escape')
    await expect(page.getByTestId('message-editor')).toHaveCount(0)
    await expect(composer).toBeFocused()

    // Shift+Enter is a new line; Enter sends.
    await composer.press('Shift+Enter')
    await expect(composer).toHaveValue('\n')
    await composer.fill('')

    // Ctrl+Shift+C copies the last reply, as Markdown.
    await page.evaluate(() => navigator.clipboard.writeText('nothing yet'))
    await composer.press('Control+Shift+C')
    await expect(page.getByTestId('chat-notice')).toHaveText('Reply copied as Markdown.')
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(TEST_MODEL_REPLY)
    await page.getByTestId('message-user').first().getByTestId('copy-button').click()
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe('First question')
    await expect(composer).toBeFocused()

    // Delete the second question and what followed it; Undo brings both back.
    await page.getByTestId('message-user').nth(1).getByTestId('delete-message-button').click()
    await expect(page.getByTestId('message-undo-toast')).toHaveText(/2 messages deleted\./)
    await expect(page.getByTestId('message-user')).toHaveCount(1)
    await expect(page.getByTestId('message-assistant')).toHaveCount(1)
    await page.getByTestId('message-undo-button').click()
    await expect(page.getByTestId('message-user')).toHaveCount(2)
    await expect.poll(() => userTexts(page)).toEqual(['First question', 'Second question'])
    await expect(composer).toBeFocused()

    // Ctrl+K opens search and Ctrl+N starts a new conversation.
    await composer.press('Control+k')
    await expect(page.getByTestId('search-input')).toBeFocused()
    await page.getByTestId('search-input').press('Escape')
    await page.keyboard.press('Control+n')
    await expect(page.getByTestId('message-user')).toHaveCount(0)
    await expect(composer).toBeFocused()
  })
})

test.describe('stopping from the keyboard, on the generated model that never stops', () => {
  test.use({ hearthModel: { variant: 'endless', preset: 'medium' } })

  test('Esc in the composer stops a streaming reply and the cursor stays there', async ({
    page,
    hearth,
  }) => {
    await openHearth(page, hearth)
    const composer = page.getByTestId('composer-input')
    await composer.fill('Tell me a long story')
    await composer.press('Enter')
    const reply = page.getByTestId('message-assistant').last()
    await expect.poll(async () => (await reply.textContent())?.length ?? 0).toBeGreaterThan(10)
    await composer.press('Escape')
    await expect(reply).toHaveAttribute('data-finish-reason', 'stopped')
    await expect(composer).toBeFocused()
  })
})
