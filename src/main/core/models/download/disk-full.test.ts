import { spawn, spawnSync } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  seededBytes,
  startFakeHfServer,
  type FakeHfServer,
} from '../../../../../e2e/fixtures/fake-hf-server'
import type { DownloadStatus } from '../../../../shared/contract/schemas/models'

/**
 * A disk that really fills up in the middle of a download: the download runs in a child process
 * (the reliability run's, with the real DownloadManager) inside its own user and mount namespace,
 * on a 10 MiB tmpfs, against the fake Hugging Face; then the tmpfs grows and the same download
 * runs again. Where unprivileged namespaces are not allowed, it says why it skips.
 */
const unshare = spawnSync('unshare', ['--user', '--map-root-user', '--mount', 'true'])
const canUnshare = unshare.status === 0
if (!canUnshare) {
  console.log(
    `Skipping the full-disk download test: it needs \`unshare --user --mount\` to mount a small tmpfs, which failed here (${unshare.error?.message ?? unshare.stderr.toString().trim()}).`,
  )
}

const REPO = 'bartowski/LLaMA3-iterative-DPO-final-GGUF'
const FILE = 'LLaMA3-iterative-DPO-final-Q4_K_M.gguf'
const root = path.resolve(import.meta.dirname, '../../../../..')

/**
 * In the namespace: mount a 10 MiB tmpfs on $1, download (pretending to the free-space check that
 * there is room, as when another program fills the disk after it), print the part's size, grow
 * the tmpfs and download again. The child's status lines pass through; markers separate them.
 */
const SCRIPT = `
set -e
mount -t tmpfs -o size=10m tmpfs "$1"
shift
"$@" || true
echo "PART $(find "$DIR" -name '*.part' -exec stat -c %s {} \\;)"
mount -o remount,size=40m "$DIR"
echo "GROWN"
"$@"
`

let work: string
let fake: FakeHfServer | null = null
beforeEach(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'hearth-full-'))
})
afterEach(async () => {
  await fake?.close()
  fake = null
  await rm(work, { recursive: true, force: true })
})

function runInSmallDisk(endpoint: string): Promise<{ lines: string[]; code: number | null }> {
  const childArgs = [
    process.execPath,
    '--import',
    path.join(root, 'scripts/ts-resolve.mjs'),
    path.join(root, 'scripts/reliability/download-child.ts'),
    ...['--endpoint', endpoint, '--models-dir', work, '--repo', REPO, '--file', FILE],
    ...['--disk-free', String(1e12)],
  ]
  const child = spawn(
    'unshare',
    ['--user', '--map-root-user', '--mount', 'sh', '-c', SCRIPT, 'sh', work, ...childArgs],
    { env: { ...process.env, DIR: work }, stdio: ['ignore', 'pipe', 'pipe'] },
  )
  let out = ''
  let err = ''
  child.stdout.on('data', (b: Buffer) => (out += b.toString()))
  child.stderr.on('data', (b: Buffer) => (err += b.toString()))
  return new Promise((resolve) =>
    child.on('close', (code) => {
      if (code !== 0) console.log(`disk-full child stderr:\n${err}`)
      resolve({ lines: out.trim().split('\n'), code })
    }),
  )
}

describe.skipIf(!canUnshare)('a disk that fills up while downloading', () => {
  it('stops with DISK_FULL and a clear message, keeps what it wrote, and resumes once there is room', async () => {
    const data = seededBytes(16 * 1024 * 1024, 'full-disk')
    fake = await startFakeHfServer({ files: [{ repo: REPO, file: FILE, data }] })
    const { lines, code } = await runInSmallDisk(fake.url)
    expect(code).toBe(0)

    const partAt = lines.findIndex((l) => l.startsWith('PART '))
    const grownAt = lines.indexOf('GROWN')
    expect(partAt).toBeGreaterThan(0)
    const statuses = (from: number, to: number): DownloadStatus[] =>
      lines.slice(from, to).map((l) => JSON.parse(l) as DownloadStatus)
    const first = statuses(0, partAt)
    const failed = first.at(-1)
    expect(failed?.phase).toBe('error')
    expect(failed?.error?.code).toBe('DISK_FULL')
    expect(failed?.error?.message).toMatch(/disk filled up while downloading.*continue where it/i)

    // The part stayed, holding the bytes written and hashed before the disk was full.
    const partBytes = Number(lines[partAt]?.slice('PART '.length))
    expect(partBytes).toBeGreaterThan(0)
    expect(partBytes).toBeLessThan(data.length)

    // With room again the same download continues from those bytes and verifies.
    const second = statuses(grownAt + 1, lines.length)
    expect(second.at(-1)?.phase).toBe('done')
    const gets = fake.requests.filter((r) => r.url.startsWith('/cdn/') && r.method === 'GET')
    expect(gets.at(-1)?.headers.range).toBe(`bytes=${partBytes}-`)
  })
})
