import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openHearth } from './fixtures/chat'
import { importConversations } from './fixtures/export-file'
import { startScriptedHearth } from './fixtures/scripted-hearth'
import { XSS_PAYLOADS } from './fixtures/xss-payloads'
import { watchForExecution } from './xss-watch'
import { expect, test } from './fixtures/hearth-test'

test('the corpus holds at least 50 payloads', () => {
  expect(XSS_PAYLOADS.length).toBeGreaterThanOrEqual(50)
})

test('the watch itself notices a payload that runs', async ({ page, context }) => {
  const watch = await watchForExecution(page, context)
  await page.setContent('<p class="message">x</p>')
  const url = watch.settled()
  await page.evaluate(() => {
    window.__hearthCanary = 1
    alert(1)
  })
  await expect(watch.expectNothingRan(url)).rejects.toThrow(/dialogs/)
})

test.describe('hostile text as model output, in Chromium on a scripted-engine Hearth', () => {
  test('no payload runs when the user sends it and the model streams it back', async ({
    page,
    context,
  }) => {
    // The scripted engine echoes the user's message: each payload is both a user message (plain
    // text) and streamed model output (Markdown, math, code).
    const hearth = await startScriptedHearth((text) => text, { chunkSize: 7 })
    try {
      const watch = await watchForExecution(page, context)
      await page.goto(hearth.url)
      await expect(page.getByTestId('status-model')).toContainText('Scripted engine')
      const hearthUrl = watch.settled()
      const input = page.getByTestId('composer-input')
      const replies = page.getByTestId('message-assistant')
      for (const [index, payload] of XSS_PAYLOADS.entries()) {
        await input.fill(payload)
        await input.press('Enter')
        await expect(replies).toHaveCount(index + 1)
        await expect(replies.last()).toHaveAttribute('data-finish-reason', 'done')
      }
      // Code blocks are highlighted after they complete: give them a frame, then look.
      await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(resolve)))
      await watch.expectNothingRan(hearthUrl)
      await expect(page.getByTestId('message-undisplayable')).toHaveCount(0)
    } finally {
      await hearth.stop()
    }
  })
})

test.describe('hostile text imported, as messages and as titles, in Chromium on headless Hearth', () => {
  let dir = ''
  test.beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hearth-xss-'))
  })
  test.afterEach(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  test('no payload runs in an imported conversation, in the conversation list or in search results', async ({
    page,
    context,
    hearth,
  }) => {
    const watch = await watchForExecution(page, context)
    await openHearth(page, hearth)
    const hearthUrl = watch.settled()
    await importConversations(page, dir, [
      ...XSS_PAYLOADS.map((title) => ({
        title,
        turns: [
          { role: 'user' as const, text: 'a title to look at' },
          { role: 'assistant' as const, text: title },
        ],
      })),
      // The newest conversation: listed at the top, where the test opens it.
      {
        title: 'Every payload',
        turns: XSS_PAYLOADS.flatMap((text) => [
          { role: 'user' as const, text },
          { role: 'assistant' as const, text },
        ]),
      },
    ])
    // The list is virtualised: scroll it end to end so that every title is rendered once.
    const titles = new Set<string>()
    const list = page.getByTestId('conversation-list')
    for (let step = 0; step < 100; step += 1) {
      for (const title of await page.getByTestId('conversation-title').allTextContents())
        titles.add(title)
      const atEnd = await list.evaluate((el) => {
        const end = el.scrollTop + el.clientHeight >= el.scrollHeight - 1
        el.scrollTop += el.clientHeight
        return end
      })
      await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(resolve)))
      if (atEnd) break
    }
    expect(titles.size).toBe(XSS_PAYLOADS.length + 1)
    await watch.expectNothingRan(hearthUrl)
    await list.evaluate((el) => (el.scrollTop = 0))
    await page
      .getByTestId('conversation-title')
      .filter({ hasText: /^Every payload$/ })
      .click()
    await expect(page.getByTestId('message-assistant').last()).toBeVisible()
    await watch.expectNothingRan(hearthUrl)

    // Search shows titles and snippets of the same text.
    await page.getByTestId('search-open').click()
    await page.getByTestId('search-input').fill('alert')
    await expect(page.getByTestId('search-result').first()).toBeVisible()
    await watch.expectNothingRan(hearthUrl)
  })
})
