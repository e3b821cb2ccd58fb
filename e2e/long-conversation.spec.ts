import type { Locator, Page } from '@playwright/test'
import { longConversation, longMessageId, uniqueWord } from '../test-support/long-conversation.ts'
import { openHearth } from './fixtures/chat'
import { expect, test } from './fixtures/hearth-test'
import { seedDataDir } from './fixtures/seed'

// A 1,000-message conversation (with a hidden branch at message 401) seeded through the real store,
// opened in Chromium against headless Hearth on the generated model.

const ID = 'long-chat'
const id = (index: number) => longMessageId(ID, index)

function messageEl(page: Page, messageId: string): Locator {
  return page.locator(`[data-message-id="${messageId}"]`)
}

/** Whether the message is (at least partly) inside the list's visible box. */
async function inView(page: Page, messageId: string): Promise<boolean> {
  return page.evaluate((target) => {
    const list = document.querySelector('[data-testid="message-list"]')
    const item = document.querySelector(`[data-message-id="${target}"]`)
    if (!list || !item) return false
    const box = list.getBoundingClientRect()
    const rect = item.getBoundingClientRect()
    return rect.bottom > box.top && rect.top < box.bottom
  }, messageId)
}

function listScroll(page: Page) {
  return page.getByTestId('message-list').evaluate((el) => ({
    top: el.scrollTop,
    fromBottom: el.scrollHeight - el.scrollTop - el.clientHeight,
  }))
}

/**
 * The message in the middle of the list and where it is on screen. What the user reads is held in
 * place when this stays put: scrollTop alone may move while off-screen messages (laid out lazily,
 * `content-visibility: auto`) take their real height and Chromium's scroll anchoring compensates.
 */
function middleMessage(page: Page) {
  return page.getByTestId('message-list').evaluate((list) => {
    const box = list.getBoundingClientRect()
    const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2)
    const message = hit?.closest('[data-message-id]')
    return {
      id: message?.getAttribute('data-message-id') ?? '',
      top: Math.round(message?.getBoundingClientRect().top ?? Number.NaN),
    }
  })
}

test.describe('a 1,000-message conversation in Chromium', () => {
  let dataDir = ''

  test.beforeEach(async ({ tempDir }) => {
    dataDir = await seedDataDir(await tempDir(), [
      longConversation({ id: ID, messages: 1000, hiddenBranchAt: 401, title: 'Long chat' }),
    ])
  })

  test('opens at the newest page, loads older pages upwards keeping the place, and opens search hits anywhere', async ({
    page,
    startHearth,
  }) => {
    const hearth = await startHearth({ dataDir })
    await openHearth(page, hearth)
    await page.getByTestId('conversation-title').filter({ hasText: 'Long chat' }).click()
    await expect(messageEl(page, id(999))).toBeVisible()
    await expect.poll(() => inView(page, id(999))).toBe(true)
    const firstPage = await page.locator('[data-message-id]').count()
    expect(firstPage).toBeLessThan(1000)

    // Scrolling to the top loads the page above; the message that was at the top stays in view.
    const topBefore =
      (await page.locator('[data-message-id]').first().getAttribute('data-message-id')) ?? ''
    await page.getByTestId('message-list').evaluate((el) => (el.scrollTop = 0))
    await expect.poll(() => page.locator('[data-message-id]').count()).toBeGreaterThan(firstPage)
    await expect.poll(() => inView(page, topBefore)).toBe(true)
    await expect(page.getByTestId('jump-to-latest')).toBeVisible()

    // All the way up to the first message.
    await expect
      .poll(
        async () => {
          await page.getByTestId('message-list').evaluate((el) => (el.scrollTop = 0))
          return page.locator(`[data-message-id="${id(0)}"]`).count()
        },
        { timeout: 60_000 },
      )
      .toBe(1)
    await page.getByTestId('jump-to-latest').click()
    await expect.poll(() => inView(page, id(999))).toBe(true)
    await expect(page.getByTestId('jump-to-latest')).toBeHidden()

    // A search hit far up opens the conversation scrolled to it, marked.
    await page.getByTestId('new-chat').click()
    await page.getByTestId('composer-input').press('Control+k')
    await page.getByTestId('search-input').fill(uniqueWord(123))
    await page.getByTestId('search-result').first().click()
    await expect(messageEl(page, id(123))).toHaveAttribute('data-highlighted', 'true')
    await expect.poll(() => inView(page, id(123))).toBe(true)
    await expect(page.getByTestId('jump-to-latest')).toBeVisible()
    await page.getByTestId('jump-to-latest').click()
    await expect.poll(() => inView(page, id(999))).toBe(true)

    // A hit on a branch that is not shown switches to it.
    await page.getByTestId('composer-input').press('Control+k')
    await page.getByTestId('search-input').fill('hiddenbranch')
    await page.getByTestId('search-result').first().click()
    const hidden = messageEl(page, `${ID}-alt`)
    await expect(hidden).toHaveAttribute('data-highlighted', 'true')
    await expect(hidden.getByTestId('branch-position')).toHaveText('1 / 2')
    await expect(messageEl(page, id(401))).toHaveCount(0)
  })

  test('follows a streamed reply at the bottom, stops following when scrolled up, and Jump to latest follows again', async ({
    page,
    startHearth,
  }) => {
    // The medium model streams slowly on one thread after a long prompt: poll patiently.
    test.setTimeout(240_000)
    const hearth = await startHearth({ model: { variant: 'endless', preset: 'medium' }, dataDir })
    await openHearth(page, hearth)
    await page.getByTestId('conversation-title').filter({ hasText: 'Long chat' }).click()
    await expect(messageEl(page, id(999))).toBeVisible()
    await page.getByTestId('composer-input').fill('Tell me a long story')
    await page.getByTestId('composer-input').press('Enter')
    const reply = page.getByTestId('message-assistant').last()
    await expect(reply).toHaveAttribute('data-streaming', 'true')
    // Following: the growing reply stays at the bottom.
    await expect
      .poll(async () => (await reply.textContent())?.length ?? 0, { timeout: 60_000 })
      .toBeGreaterThan(40)
    await expect.poll(async () => (await listScroll(page)).fromBottom).toBeLessThan(60)

    await page.getByTestId('message-list').evaluate((el) => (el.scrollTop = el.scrollTop - 800))
    await expect(page.getByTestId('jump-to-latest')).toBeVisible()
    const held = await middleMessage(page)
    expect(held.id).not.toBe('')
    const grownFrom = (await reply.textContent())?.length ?? 0
    await expect
      .poll(async () => (await reply.textContent())?.length ?? 0)
      .toBeGreaterThan(grownFrom + 30)
    const now = await page
      .locator(`[data-message-id="${held.id}"]`)
      .evaluate((el) => Math.round(el.getBoundingClientRect().top))
    expect(Math.abs(now - held.top)).toBeLessThanOrEqual(1)

    await page.getByTestId('jump-to-latest').click()
    await expect(page.getByTestId('jump-to-latest')).toBeHidden()
    const followFrom = (await reply.textContent())?.length ?? 0
    await expect
      .poll(async () => (await reply.textContent())?.length ?? 0)
      .toBeGreaterThan(followFrom + 30)
    await expect.poll(async () => (await listScroll(page)).fromBottom).toBeLessThan(60)
    await page.getByTestId('stop-button').click()
    await expect(reply).toHaveAttribute('data-finish-reason', 'stopped')
  })
})
