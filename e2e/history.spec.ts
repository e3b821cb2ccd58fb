import { mkdir, readFile } from 'node:fs/promises'
import type { Locator, Page } from '@playwright/test'
import { TEST_MODEL_REPLY } from '../scripts/make-test-model.ts'
import { ask, openHearth } from './fixtures/chat'
import { expect, test } from './fixtures/hearth-test'

/** The tiny model's automatic title after the first exchange: its reply, without the full stop. */
const AUTO_TITLE = TEST_MODEL_REPLY.replace(/\.$/, '')

/**
 * Starts a new chat, has one exchange in it, waits until its row has the model's automatic title
 * (a rename must not race the automatic one) and resolves with the conversation's id.
 */
async function newConversation(page: Page, text: string, expectedRows: number): Promise<string> {
  await page.getByTestId('new-chat').click()
  await expect(page.getByTestId('message-user')).toHaveCount(0)
  await ask(page, text)
  await expect(page.getByTestId('conversation-row')).toHaveCount(expectedRows)
  const open = page.locator('[data-testid="conversation-row"][aria-current="true"]')
  await expect(open.getByTestId('conversation-title')).toHaveText(AUTO_TITLE)
  return (await open.getAttribute('data-conversation-id')) ?? ''
}

function row(page: Page, id: string): Locator {
  return page.locator(`[data-testid="conversation-row"][data-conversation-id="${id}"]`)
}

async function rowIds(page: Page): Promise<string[]> {
  return page
    .getByTestId('conversation-row')
    .evaluateAll((rows) => rows.map((el) => el.getAttribute('data-conversation-id') ?? ''))
}

async function rename(page: Page, id: string, title: string): Promise<void> {
  await row(page, id).getByTestId('rename-button').click()
  const input = page.getByTestId('rename-input')
  await input.fill(title)
  await input.press('Enter')
  await expect(row(page, id).getByTestId('conversation-title')).toHaveText(title)
}

test.describe('conversation history in Chromium, on the real engine and the generated model', () => {
  test('creates, renames, pins, deletes with undo, searches and reopens conversations', async ({
    page,
    hearth,
  }) => {
    await openHearth(page, hearth)

    const lisbon = await newConversation(page, 'Plan a trip to Lisbon in spring', 1)
    const packing = await newConversation(page, 'What should I pack for the weekend?', 2)
    expect(await rowIds(page)).toEqual([packing, lisbon])

    // Inline rename: Esc cancels, Enter saves.
    await row(page, packing).getByTestId('rename-button').click()
    await page.getByTestId('rename-input').fill('Not this')
    await page.getByTestId('rename-input').press('Escape')
    await expect(row(page, packing).getByTestId('conversation-title')).toHaveText(AUTO_TITLE)
    await rename(page, lisbon, 'Lisbon trip')
    await rename(page, packing, 'Packing list')

    // Pin the conversation that is lower in the list: it moves to the top.
    const bottom = (await rowIds(page)).at(-1) ?? ''
    await row(page, bottom).getByTestId('pin-button').click()
    await expect(page.getByTestId('conversation-row').first()).toHaveAttribute(
      'data-conversation-id',
      bottom,
    )
    await expect(row(page, bottom)).toHaveAttribute('data-pinned', 'true')
    const unpinned = bottom === lisbon ? packing : lisbon

    // Delete: the row goes at once; Undo brings it back.
    await row(page, unpinned).getByTestId('delete-button').click()
    await expect(row(page, unpinned)).toHaveCount(0)
    await expect(page.getByTestId('undo-toast')).toContainText('Conversation deleted.')
    await page.getByTestId('undo-button').click()
    await expect(row(page, unpinned)).toHaveCount(1)
    await expect(page.getByTestId('undo-toast')).toHaveCount(0)
    await expect(row(page, unpinned)).toHaveAttribute('data-pinned', 'false')

    // Search from the other conversation: the hit opens Lisbon and marks the message.
    await row(page, packing).getByTestId('conversation-title').click()
    await expect(page.getByTestId('message-user')).toContainText('pack for the weekend')
    await page.getByTestId('composer-input').press('Control+k')
    await page.getByTestId('search-input').fill('spring')
    const hit = page.locator('[data-testid="search-result"][data-message-id]').first()
    await expect(hit).toContainText('Lisbon trip')
    await expect(hit.locator('mark')).toHaveText(/spring/i)
    const messageId = (await hit.getAttribute('data-message-id')) ?? ''
    await page.getByTestId('search-input').press('Enter')
    await expect(page.getByTestId('search-input')).toHaveCount(0)
    const found = page.locator(`[data-message-id="${messageId}"]`)
    await expect(found).toContainText('Plan a trip to Lisbon in spring')
    await expect(found).toHaveAttribute('data-highlighted', 'true')
    await expect(found).toBeInViewport()
    await expect(row(page, lisbon)).toHaveAttribute('aria-current', 'true')

    // The search button opens the palette too, and Esc closes it.
    await page.getByTestId('search-open').click()
    await expect(page.getByTestId('search-input')).toBeFocused()
    await page.getByTestId('search-input').press('Escape')
    await expect(page.getByTestId('search-input')).toHaveCount(0)

    await mkdir('test-results', { recursive: true })
    await page.screenshot({ path: 'test-results/history-sidebar.png' })

    // A reload of the window reopens the last conversation.
    await page.reload()
    await expect(page.getByTestId('message-user')).toContainText('Plan a trip to Lisbon in spring')
    await expect(page.getByTestId('message-assistant')).toContainText(TEST_MODEL_REPLY)
  })

  test('exports every conversation as JSON and imports it into a fresh Hearth', async ({
    page,
    hearth,
    startHearth,
  }) => {
    await openHearth(page, hearth)
    const pasta = await newConversation(page, 'Recipe for pasta al limone', 1)
    await rename(page, pasta, 'Pasta')
    const tides = await newConversation(page, 'How do tides work?', 2)
    await rename(page, tides, 'Tides')

    await page.getByTestId('export-menu').click()
    const downloading = page.waitForEvent('download')
    await page.getByTestId('export-json-all').click()
    const download = await downloading
    expect(download.suggestedFilename()).toMatch(/\.json$/)
    const file = await download.path()
    const exported = JSON.parse(await readFile(file, 'utf8')) as {
      format: string
      conversations: { title: string; messages: unknown[] }[]
    }
    expect(exported.format).toBe('hearth-conversations')
    expect(exported.conversations.map((c) => c.title).sort()).toEqual(['Pasta', 'Tides'])

    const second = await startHearth()
    await openHearth(page, second)
    await expect(page.getByTestId('conversation-row')).toHaveCount(0)
    await page.getByTestId('export-menu').click()
    await page.getByTestId('import-input').setInputFiles(file)
    await expect(page.getByTestId('import-report')).toContainText(
      'Imported 2 conversations (4 messages)',
    )
    await expect(page.getByTestId('conversation-row')).toHaveCount(2)
    await expect
      .poll(async () => (await page.getByTestId('conversation-title').allTextContents()).sort())
      .toEqual(['Pasta', 'Tides'])

    await row(page, pasta).getByTestId('conversation-title').click()
    await expect(page.getByTestId('message-user')).toContainText('Recipe for pasta al limone')
    await expect(page.getByTestId('message-assistant')).toContainText(TEST_MODEL_REPLY)
    await row(page, tides).getByTestId('conversation-title').click()
    await expect(page.getByTestId('message-user')).toContainText('How do tides work?')
  })

  test('continues a stopped reply in the same message and regenerates the latest one', async ({
    page,
    startHearth,
  }) => {
    await openHearth(page, await startHearth({ model: { variant: 'endless', preset: 'medium' } }))
    await page.getByTestId('composer-input').fill('Tell me a long story')
    await page.getByTestId('composer-input').press('Enter')
    const reply = page.getByTestId('message-assistant').last()
    await expect.poll(async () => (await reply.textContent())?.length ?? 0).toBeGreaterThan(10)
    await page.getByTestId('stop-button').click()
    await expect(reply).toHaveAttribute('data-finish-reason', 'stopped')
    const replyId = (await reply.getAttribute('data-message-id')) ?? ''
    const stoppedText = (await reply.locator('.markdown').textContent()) ?? ''

    await page.getByTestId('continue-button').click()
    const same = page.locator(`[data-message-id="${replyId}"]`)
    await expect(same).toHaveAttribute('data-streaming', 'true')
    await expect
      .poll(async () => ((await same.locator('.markdown').textContent()) ?? '').length)
      .toBeGreaterThan(stoppedText.length + 5)
    await page.getByTestId('stop-button').click()
    await expect(same).toHaveAttribute('data-finish-reason', 'stopped')
    expect((await same.locator('.markdown').textContent()) ?? '').toContain(stoppedText.trim())
    await expect(page.getByTestId('message-assistant')).toHaveCount(1)

    await page.getByTestId('regenerate-button').click()
    const regenerated = page.getByTestId('message-assistant').last()
    await expect(regenerated).toHaveAttribute('data-streaming', 'true')
    await expect(regenerated).not.toHaveAttribute('data-message-id', replyId)
    await expect(page.getByTestId('message-assistant')).toHaveCount(1)
    await page.getByTestId('stop-button').click()
    await expect(regenerated).toHaveAttribute('data-finish-reason', 'stopped')
  })
})
