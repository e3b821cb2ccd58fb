/**
 * Download throughput: Hearth's downloader (sha256 on, writing a .part, renaming when verified)
 * against `curl -s -L -o FILE URL` for the same file from the same fake Hugging Face on
 * loopback, in the same run. The server runs in its own process so neither client shares an
 * event loop with it. Goal: `download.throughput_ratio` >= 0.95.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { createInterface } from 'node:readline'
import { DownloadManager } from '../src/main/core/models/download-manager'

export interface DownloadBenchOptions {
  /** Default 200 MiB. */
  sizeMb?: number
  /** Timed rounds per client, alternating; the best of each counts (default 3). */
  rounds?: number
  /** The fake server's CLI, run with `node` (default: from the repo root, the working directory). */
  serverCli?: string
}

const REPO = 'bench/LLaMA3-iterative-DPO-final-GGUF'
const FILE = 'LLaMA3-iterative-DPO-final-Q4_K_M.gguf'

async function startServer(
  cli: string,
  sizeMb: number,
): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [cli, '--generate', `${REPO}/${FILE}:${sizeMb}:bench`], {
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout }).once('line', resolve)
    child.once('exit', (code) => reject(new Error(`fake server exited with ${code}`)))
  })
  return { url: (JSON.parse(line) as { url: string }).url, child }
}

async function timeHearth(url: string, dir: string): Promise<number> {
  const manager = new DownloadManager({ modelsDir: dir, endpoint: url })
  const t0 = performance.now()
  const started = manager.startTarget({ name: 'bench', repo: REPO, file: FILE })
  const final = await manager.wait(started.downloadId)
  const seconds = (performance.now() - t0) / 1000
  if (!final.ok || final.value.phase !== 'done')
    throw new Error(`Hearth download failed: ${JSON.stringify(final)}`)
  return seconds
}

function timeCurl(url: string, dir: string): number {
  const t0 = performance.now()
  const r = spawnSync('curl', [
    '-s',
    '-L',
    '-o',
    path.join(dir, 'curl.bin'),
    `${url}/${REPO}/resolve/main/${FILE}`,
  ])
  if (r.status !== 0) throw new Error(`curl failed with ${r.status}`)
  return (performance.now() - t0) / 1000
}

/** Returns `download.throughput_ratio` (Hearth MB/s ÷ curl MB/s) and both speeds. */
export async function benchDownloadThroughput(
  options: DownloadBenchOptions = {},
): Promise<Record<string, number>> {
  const sizeMb = options.sizeMb ?? 200
  const rounds = options.rounds ?? 3
  const cli = options.serverCli ?? path.resolve('e2e/fixtures/fake-hf-server-cli.ts')
  const server = await startServer(cli, sizeMb)
  let hearth = Infinity
  let curl = Infinity
  try {
    for (let i = 0; i < rounds; i++) {
      const dir = await mkdtemp(path.join(tmpdir(), 'hearth-bench-'))
      try {
        curl = Math.min(curl, timeCurl(server.url, dir))
        hearth = Math.min(hearth, await timeHearth(server.url, dir))
      } finally {
        await rm(dir, { recursive: true, force: true })
      }
    }
  } finally {
    server.child.kill('SIGTERM')
  }
  const mb = (sizeMb * 1024 * 1024) / 1e6
  return {
    'download.throughput_ratio': Number((curl / hearth).toFixed(3)),
    'download.hearth_mb_s': Number((mb / hearth).toFixed(1)),
    'download.curl_mb_s': Number((mb / curl).toFixed(1)),
  }
}
