import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { expect, test } from '@playwright/test'
import { TEST_MODEL_REPLY } from '../scripts/make-test-model.ts'
import { ensureTestModel } from '../scripts/test-model-cache.ts'
import { ask } from './fixtures/chat'
import { parseConnectTrace, unexpectedConnects } from './fixtures/connect-trace'
import { startFakeHfServer, type FakeHfServer } from './fixtures/fake-hf-server.ts'

const REPO = 'bartowski/LLaMA3-iterative-DPO-final-GGUF'
const FILE = 'LLaMA3-iterative-DPO-final-Q4_K_M.gguf'
const STRACE = '/usr/bin/strace'
const repoRoot = resolve(import.meta.dirname, '..')

/** Why strace cannot watch a process here, or null when it can (it needs ptrace). */
function straceUnavailable(): string | null {
  const probe = spawnSync(STRACE, ['-f', '-e', 'trace=connect', '-o', '/dev/null', 'true'])
  if (probe.error !== undefined) return `${STRACE} is not installed (.ci/run installs it)`
  return probe.status === 0 ? null : `strace cannot trace here: ${probe.stderr.toString().trim()}`
}

/** Headless Hearth (server and its core process) under `strace -f -e trace=connect`. */
async function startTracedHearth(options: { dataDir: string; trace: string; hfEndpoint: string }) {
  const child: ChildProcess = spawn(
    STRACE,
    [
      '-f',
      '-e',
      'trace=connect',
      '-o',
      options.trace,
      process.execPath,
      'out/main/headless.js',
      '--port',
      '0',
      '--data',
      options.dataDir,
      '--threads',
      '1',
    ],
    {
      cwd: repoRoot,
      env: { ...process.env, HEARTH_MODEL: '', HF_ENDPOINT: options.hfEndpoint },
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group: stopping signals Hearth itself, not only strace.
      detached: true,
    },
  )
  let output = ''
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()))
  const exited = new Promise<void>((done) => child.once('exit', () => done()))
  const url = await expect
    .poll(() => /Hearth headless at (http:\/\/127\.0\.0\.1:\d+\/#token=[\w-]+)/.exec(output)?.[1], {
      timeout: 60_000,
    })
    .toBeTruthy()
    .then(() => /Hearth headless at (\S+)/.exec(output)?.[1] ?? '')
  return {
    url,
    output: () => output,
    async stop() {
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGTERM')
      await exited
    },
  }
}

test.describe('privacy: what headless Hearth connects to', () => {
  test('the trace check flags any address off this machine and lets loopback and local sockets pass', () => {
    const trace = [
      '101 connect(21, {sa_family=AF_INET, sin_port=htons(8080), sin_addr=inet_addr("127.0.0.1")}, 16) = 0',
      '101 connect(22, {sa_family=AF_INET6, sin6_port=htons(8080), sin6_flowinfo=htonl(0), inet_pton(AF_INET6, "::1", &sin6_addr), sin6_scope_id=0}, 28) = 0',
      '102 connect(5, {sa_family=AF_UNIX, sun_path="/var/run/nscd/socket"}, 110) = -1 ENOENT',
      '102 connect(6, {sa_family=AF_INET, sin_port=htons(443), sin_addr=inet_addr("140.82.112.3")}, 16) = -1 EINPROGRESS',
      '102 connect(7, {sa_family=AF_INET6, sin6_port=htons(443), sin6_flowinfo=htonl(0), inet_pton(AF_INET6, "2606:4700::1", &sin6_addr), sin6_scope_id=0}, 28) = 0',
    ].join('\n')
    const connects = parseConnectTrace(trace)
    expect(connects.map((c) => c.family)).toEqual([
      'AF_INET',
      'AF_INET6',
      'AF_UNIX',
      'AF_INET',
      'AF_INET6',
    ])
    expect(unexpectedConnects(connects).map((c) => c.address)).toEqual([
      '140.82.112.3',
      '2606:4700::1',
    ])
  })

  let fake: FakeHfServer | null = null
  let dir = ''

  test.afterEach(async () => {
    await fake?.close()
    fake = null
    if (dir !== '') await rm(dir, { recursive: true, force: true })
  })

  test('a whole session connects only to loopback and the configured download endpoint', async ({
    page,
  }) => {
    const unavailable = straceUnavailable()
    if (unavailable !== null) console.log(`Skipping the privacy trace: ${unavailable}`)
    test.skip(unavailable !== null, unavailable ?? '')

    dir = await mkdtemp(join(tmpdir(), 'hearth-privacy-'))
    const trace = join(dir, 'connect.trace')
    const data = await readFile(await ensureTestModel({ variant: 'reply', preset: 'tiny' }))
    fake = await startFakeHfServer({ files: [{ repo: REPO, file: FILE, data }] })
    const hearth = await startTracedHearth({
      dataDir: join(dir, 'data'),
      trace,
      hfEndpoint: fake.url,
    })
    try {
      // First run: the default model from the (fake) Hugging Face endpoint.
      await page.goto(hearth.url)
      await page.getByTestId('download-button').click()
      await expect(page.getByTestId('composer-input')).toBeVisible({ timeout: 90_000 })
      await expect(page.getByTestId('status-model')).toContainText('Hearth Test Model')
      // Chats, search, export.
      await ask(page, 'Plan a picnic by the river')
      await page.getByTestId('new-chat').click()
      await ask(page, 'What should I read next?')
      await page.getByTestId('composer-input').press('Control+k')
      await page.getByTestId('search-input').fill('picnic')
      await expect(page.getByTestId('search-result').first()).toBeVisible()
      await page.getByTestId('search-input').press('Escape')
      await page.getByTestId('export-menu').click()
      const downloading = page.waitForEvent('download')
      await page.getByTestId('export-json-all').click()
      expect((await downloading).suggestedFilename()).toMatch(/\.json$/)
      // The quick prompt's route.
      await page.goto(hearth.url.replace('#token=', '#/quick&token='))
      await page.getByTestId('quick-input').fill('One more quick question')
      await page.getByTestId('quick-input').press('Enter')
      await expect(page.getByTestId('message-assistant').last()).toContainText(TEST_MODEL_REPLY)
    } finally {
      await hearth.stop()
    }

    const connects = parseConnectTrace(await readFile(trace, 'utf8'))
    const hubPort = Number(new URL(fake.url).port)
    const destinations = [
      ...new Set(
        connects.map((c) => `${c.family} ${c.address}${c.port === null ? '' : `:${c.port}`}`),
      ),
    ]
    console.log(
      `Hearth's connects during the session (${connects.length}): ${destinations.join(', ')}`,
    )
    // The trace saw the download, so it watched the right processes.
    expect(connects.some((c) => c.port === hubPort)).toBe(true)
    expect(unexpectedConnects(connects).map((c) => c.line)).toEqual([])
  })
})
