import { readFileSync } from 'node:fs'
import { readFile, rename, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { seededBytes } from '../../../../../e2e/fixtures/fake-hf-server'
import {
  runChild,
  defaultChild,
  type ChildStatus,
} from '../../../../../scripts/reliability/download'
import * as kit from '../../../../../test-support/download-kit'
import { partPath, sidecarPath } from './sidecar'

kit.useDownloadKit()

const args = (endpoint: string): string[] => [
  ...[
    '--endpoint',
    endpoint,
    '--models-dir',
    kit.current.dir,
    '--repo',
    kit.REPO,
    '--file',
    kit.FILE,
  ],
]
const dest = (): string => path.join(kit.current.dir, ...kit.REPO.split('/'), kit.FILE)

function verifiedOnDisk(): number {
  try {
    return (JSON.parse(readFileSync(sidecarPath(dest()), 'utf8')) as { verifiedBytes: number })
      .verifiedBytes
  } catch {
    return 0
  }
}

/** Real processes running the real download code (the reliability run's child) on one folder. */
describe('two processes on one models folder', () => {
  it('lets one download while the other says "already downloading in another Hearth"', async () => {
    const server = await kit.serve()
    kit.faults(server).bytesPerSecond = 1024 * 1024
    // The second starts once the first is writing its part; the test awaits its end, no polling.
    let secondStarted = false
    let secondEnded: (run: Promise<{ statuses: ChildStatus[] }>) => void = () => undefined
    const second = new Promise<{ statuses: ChildStatus[] }>((resolve) => {
      secondEnded = resolve
    })
    const first = runChild(defaultChild(), args(server.url), (s) => {
      if (s.phase === 'downloading' && s.bytesDone > 0 && !secondStarted) {
        secondStarted = true
        secondEnded(runChild(defaultChild(), args(server.url), () => false))
      }
      return false
    })
    const other = await second
    expect(other.statuses.at(-1)?.error).toEqual({
      code: 'BUSY',
      message: `${kit.FILE} is already downloading in another Hearth. Let that one finish, then open it here.`,
    })
    const done = await first
    expect(done.statuses.at(-1)?.phase).toBe('done')
    expect(kit.sha(await readFile(dest()))).toBe(kit.sha(kit.data))
    expect(kit.byteRequests(server)).toHaveLength(1)
  })

  it('after a SIGKILL, takes over the stale lock and resumes from the length the sidecar recorded', async () => {
    const server = await kit.serve()
    kit.faults(server).bytesPerSecond = 1024 * 1024
    // Killed once the sidecar has recorded some flushed bytes (it does every second).
    const killed = await runChild(defaultChild(), args(server.url), () => verifiedOnDisk() > 0)
    expect(killed.killed).toBe(true)
    const verified = verifiedOnDisk()
    // Far inside the first 16 MiB, where Hearth used to start again from zero.
    expect(verified).toBeGreaterThan(0)
    kit.faults(server).bytesPerSecond = null
    const again = await runChild(defaultChild(), args(server.url), () => false)
    expect(again.statuses.find((s) => s.phase === 'downloading')?.bytesDone).toBe(verified)
    expect(again.statuses.at(-1)?.phase).toBe('done')
    expect(kit.byteRequests(server).at(-1)?.headers.range).toBe(`bytes=${verified}-`)
    expect(kit.sha(await readFile(dest()))).toBe(kit.sha(kit.data))
  })

  it('never renames a part another program replaced: the file in place is the file hashed', async () => {
    const server = await kit.serve()
    kit.faults(server).bytesPerSecond = 2 * 1024 * 1024
    const { m, reached } = kit.manager(server)
    const { downloadId } = m.startTarget(kit.TARGET)
    await reached(kit.pastBytes(0))
    const stranger = `${dest()}.other`
    await writeFile(stranger, seededBytes(kit.data.length, 'stranger'))
    await rename(stranger, partPath(dest()))
    const final = await m.wait(downloadId)
    expect(final.ok && final.value.error?.message).toBe(
      `Another program changed the partial download of ${kit.TARGET.name}, so Hearth deleted it. Download it again.`,
    )
    await expect(readFile(dest())).rejects.toThrow()
  })
})
