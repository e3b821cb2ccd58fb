/**
 * Download reliability: each run starts a real download in a child process, SIGKILLs it at a
 * random byte, starts it again, and checks that it resumed (did not start from zero) and that
 * the file it finally returns has the right sha256. A partial or unverified file must never be
 * returned as a model (`corrupt_loaded` must be 0).
 *
 * Node builtins and relative `.ts` imports only: Node 24 runs this file directly.
 */
import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import {
  seededBytes,
  startFakeHfServer,
  type FakeHfServer,
} from '../../e2e/fixtures/fake-hf-server.ts'

export interface DownloadReliabilityOptions {
  runs: number
  /**
   * Size of the generated "model" (default 256 MiB, fixed seed). After a kill a download goes on
   * from the length its sidecar last recorded (every 8 MiB or every second), so even the earliest
   * kill (at 10%) must leave more than that on disk to count as resumed.
   */
  sizeBytes?: number
  /**
   * The child command (argv before the child's own flags). Default: this checkout's
   * `download-child.ts` run from source; pass a bundled `out/.../download-child.js` instead.
   */
  childCommand?: string[]
  log?: (line: string) => void
}

export interface DownloadReliabilityReport {
  runs: number
  resumed: number
  hash_ok: number
  corrupt_loaded: number
  /**
   * Two processes started together on one models folder, `runs` times: one downloads, the other
   * says it is already downloading elsewhere (or, coming late, verifies the finished file).
   */
  two_processes: { runs: number; refused: number; hash_ok: number; corrupt_loaded: number }
}

export interface ChildStatus {
  phase: string
  bytesDone: number
  path: string | null
  error?: { code: string; message: string } | null
}

const here = path.dirname(fileURLToPath(import.meta.url))
const REPO = 'bartowski/LLaMA3-iterative-DPO-final-GGUF'
const FILE = 'LLaMA3-iterative-DPO-final-Q4_K_M.gguf'
/** The two-process case needs no kill timing: a smaller file keeps it quick. */
const TWO_FILE = 'LLaMA3-iterative-DPO-final-Q2_K.gguf'
const TWO_SIZE = 32 * 1024 * 1024

/** The download child run from source (or the bundled one named by the environment). */
export function defaultChild(): string[] {
  const fromEnv = process.env.HEARTH_RELIABILITY_DOWNLOAD_CHILD
  if (fromEnv) return [process.execPath, fromEnv]
  return [
    process.execPath,
    '--import',
    path.join(here, '..', 'ts-resolve.mjs'),
    path.join(here, 'download-child.ts'),
  ]
}

/** Run the child; `killWhen` may SIGKILL it. Resolves with every status it printed. */
export function runChild(
  command: string[],
  args: string[],
  killWhen: (s: ChildStatus) => boolean,
): Promise<{ statuses: ChildStatus[]; killed: boolean; stderr: string }> {
  const [bin = process.execPath, ...pre] = command
  const child = spawn(bin, [...pre, ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
  const statuses: ChildStatus[] = []
  let killed = false
  let stderr = ''
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()))
  createInterface({ input: child.stdout }).on('line', (line) => {
    let status: ChildStatus
    try {
      status = JSON.parse(line) as ChildStatus
    } catch {
      return
    }
    statuses.push(status)
    if (!killed && killWhen(status)) {
      killed = true
      child.kill('SIGKILL')
    }
  })
  return new Promise((resolve) => child.on('close', () => resolve({ statuses, killed, stderr })))
}

async function sha256(file: string): Promise<string> {
  return createHash('sha256')
    .update(await readFile(file))
    .digest('hex')
}

/** Runs `run` on a fresh models folder (removed after), with the child's arguments for `file`. */
async function withModelsDir<T>(
  fake: FakeHfServer,
  file: string,
  run: (dir: string, args: string[]) => Promise<T>,
): Promise<T> {
  const dir = await mkdtemp(path.join(tmpdir(), 'hearth-reliability-'))
  try {
    return await run(dir, [
      '--endpoint',
      fake.url,
      '--models-dir',
      dir,
      '--repo',
      REPO,
      '--file',
      file,
    ])
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

/** What every run works with: the fake Hugging Face, the child's command, the run's log. */
interface RunSetup {
  fake: FakeHfServer
  command: string[]
  log: (line: string) => void
}

async function oneRun(
  { fake, command, log }: RunSetup,
  size: number,
  expected: string,
): Promise<{ resumed: boolean; hashOk: boolean; corrupt: boolean }> {
  return withModelsDir(fake, FILE, async (dir, args) => {
    const dest = path.join(dir, ...REPO.split('/'), FILE)
    const killAt = Math.floor(size * (0.1 + Math.random() * 0.8))
    // Slow enough that the kill lands mid-body: about half a second per file.
    fake.faults(REPO, FILE).bytesPerSecond = size * 2
    const first = await runChild(
      command,
      args,
      (s) => s.phase === 'downloading' && s.bytesDone >= killAt,
    )
    let corrupt = false
    if (!first.killed) log(`run: child finished before the kill (${first.stderr.trim()})`)
    if (first.killed && existsSync(dest)) corrupt = true

    fake.faults(REPO, FILE).bytesPerSecond = null
    const second = await runChild(command, args, () => false)
    const startedAt = second.statuses.find((s) => s.phase === 'downloading')?.bytesDone ?? 0
    const final = second.statuses.at(-1)
    let hashOk = false
    if (final?.phase === 'done' && final.path) {
      hashOk = (await sha256(final.path)) === expected
      if (!hashOk) corrupt = true
    } else {
      log(`run: second child ended in ${final?.phase ?? 'nothing'} (${second.stderr.trim()})`)
    }
    log(`run: killed at >= ${killAt}, resumed from ${startedAt}, hash ${hashOk ? 'ok' : 'BAD'}`)
    return { resumed: first.killed && startedAt > 0, hashOk, corrupt }
  })
}

/** Two children on one folder at once: each `done` must be the verified file, and one must be. */
async function twoProcessRun(
  { fake, command, log }: RunSetup,
  expected: string,
): Promise<{ refused: boolean; hashOk: boolean; corrupt: boolean }> {
  return withModelsDir(fake, TWO_FILE, async (_dir, args) => {
    // Half a second per download: the second process starts while the first is writing.
    fake.faults(REPO, TWO_FILE).bytesPerSecond = TWO_SIZE * 2
    const both = await Promise.all([1, 2].map(() => runChild(command, args, () => false)))
    const finals = both.map((r) => r.statuses.at(-1))
    let corrupt = false
    let hashOk = false
    for (const final of finals) {
      if (final?.phase !== 'done' || !final.path) continue
      const ok = (await sha256(final.path)) === expected
      if (!ok) corrupt = true
      hashOk ||= ok
    }
    const refused = finals.some((f) => f?.error?.code === 'BUSY')
    log(`two processes: ${finals.map((f) => f?.error?.code ?? f?.phase).join(' + ')}`)
    return { refused, hashOk: hashOk && !corrupt, corrupt }
  })
}

/** Run the download reliability check `runs` times against a local fake Hugging Face. */
export async function runDownloadReliability(
  options: DownloadReliabilityOptions,
): Promise<DownloadReliabilityReport> {
  const size = options.sizeBytes ?? 256 * 1024 * 1024
  const log = options.log ?? (() => undefined)
  const data = seededBytes(size, 'hearth-reliability')
  const twoFile = { repo: REPO, file: TWO_FILE, data: seededBytes(TWO_SIZE, 'hearth-two') }
  const fake = await startFakeHfServer({ files: [{ repo: REPO, file: FILE, data }, twoFile] })
  const expected = fake.sha256(REPO, FILE)
  const command = options.childCommand ?? defaultChild()
  const two = { runs: 0, refused: 0, hash_ok: 0, corrupt_loaded: 0 }
  const report: DownloadReliabilityReport = {
    ...{ runs: 0, resumed: 0, hash_ok: 0, corrupt_loaded: 0 },
    two_processes: two,
  }
  try {
    const setup = (i: number): RunSetup => ({
      fake,
      command,
      log: (line) => log(`${i + 1}/${options.runs} ${line}`),
    })
    for (let i = 0; i < options.runs; i++) {
      const r = await oneRun(setup(i), size, expected)
      report.runs++
      if (r.resumed) report.resumed++
      if (r.hashOk) report.hash_ok++
      if (r.corrupt) report.corrupt_loaded++
    }
    for (let i = 0; i < options.runs; i++) {
      const r = await twoProcessRun(setup(i), fake.sha256(REPO, TWO_FILE))
      two.runs++
      if (r.refused) two.refused++
      if (r.hashOk) two.hash_ok++
      if (r.corrupt) two.corrupt_loaded++
    }
  } finally {
    await fake.close()
  }
  return report
}
