import type { Page } from '@playwright/test'
import { TEST_MODEL_REPLY } from '../scripts/make-test-model.ts'
import { expect, test } from './fixtures/hearth-test'

/** Every `chat.prepare` the page sends over its WebSocket, as the core receives it. */
function preparesSent(page: Page): { conversationId: string; draft: string }[] {
  const sent: { conversationId: string; draft: string }[] = []
  page.on('websocket', (socket) => {
    socket.on('framesent', ({ payload }) => {
      if (typeof payload !== 'string' || !payload.includes('"chat.prepare"')) return
      const frame = JSON.parse(payload) as { input?: { conversationId: string; draft: string } }
      if (frame.input) sent.push(frame.input)
    })
  })
  return sent
}

test.describe('the composer prepares the reply while the user types, in Chromium on headless Hearth', () => {
  test('opening a conversation and typing send chat.prepare; the send then answers as ever', async ({
    page,
    hearth,
  }) => {
    const prepares = preparesSent(page)
    await page.goto(hearth.url)
    const input = page.getByTestId('composer-input')
    await input.fill('Hello')
    await input.press('Enter')
    await expect(page.getByTestId('message-assistant').last()).toHaveAttribute(
      'data-finish-reason',
      'done',
    )
    // A new chat has no history to prepare: nothing was sent for "Hello".
    expect(prepares).toEqual([])

    await page.getByTestId('new-chat').click()
    await page.getByTestId('conversation-title').first().click()
    await expect.poll(() => prepares.map((p) => p.draft)).toEqual([''])
    const conversationId = prepares[0]?.conversationId

    // Typed key by key: chat.prepare goes once typing pauses, ending with the whole draft.
    await input.pressSequentially('Tell me more')
    await expect.poll(() => prepares.at(-1)?.draft).toBe('Tell me more')
    expect(prepares.length).toBeLessThan(1 + 'Tell me more'.length)
    expect(prepares.every((p) => p.conversationId === conversationId)).toBe(true)

    await input.press('Enter')
    const reply = page.getByTestId('message-assistant').last()
    await expect(reply).toHaveAttribute('data-finish-reason', 'done')
    await expect(reply).toContainText(TEST_MODEL_REPLY)
    await expect(page.getByTestId('message-user')).toHaveCount(2)
  })
})
