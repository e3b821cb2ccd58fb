/**
 * Download throughput as users meet it: Hearth's downloader (sha256 on, writing a .part, renaming
 * when verified) against `curl -s -L -o FILE URL` for the same 1 GiB from the fake Hugging Face
 * limited to 250 MB/s (a fast home line), first directly and then both through the same tinyproxy.
 * The server runs in its own process so neither client shares an event loop with it. Rounds
 * alternate which client goes first. Goals: `download.throughput_ratio` and
 * `download.proxy_ratio` >= 0.97; `download.cpu_s_per_gb` is the CPU time of Hearth's process.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { createInterface } from 'node:readline'
import { hasTinyproxy, startTinyproxy } from '../e2e/fixtures/tinyproxy'
import { DownloadManager } from '../src/main/core/models/download/download-manager'
import type { HttpFetch } from '../src/main/core/models/download/http-fetch'
import { createNodeFetch } from '../src/main/core/models/download/node-fetch'
import { median } from './stats'

export interface DownloadBenchOptions {
  /** Default 1024 MiB: long enough that fixed costs (metadata requests, the final datasync, the
   * rename) weigh as little as they do on a 5 GB model. */
  sizeMb?: number
  /** The line's speed in bytes per second (default 250 MB/s); 0: as fast as loopback goes. */
  bytesPerSecond?: number
  /** Timed rounds per mode after one untimed warm-up; the order alternates (default 4). */
  rounds?: number
  /** The fake server's CLI, run with `node` (default: from the repo root, the working directory). */
  serverCli?: string
  /** One line per timed round. */
  log?: (line: string) => void
}

const REPO = 'bench/LLaMA3-iterative-DPO-final-GGUF'
const FILE = 'LLaMA3-iterative-DPO-final-Q4_K_M.gguf'

async function startServer(
  cli: string,
  sizeMb: number,
  rate: number,
): Promise<{ url: string; child: ChildProcess }> {
  const args = [cli, '--generate', `${REPO}/${FILE}:${sizeMb}:bench`]
  if (rate > 0) args.push('--rate', String(rate))
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] })
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout }).once('line', resolve)
    child.once('exit', (code) => reject(new Error(`fake server exited with ${code}`)))
  })
  return { url: (JSON.parse(line) as { url: string }).url, child }
}

/**
 * Each timed download starts alike: a fresh folder, the other client's file deleted, and dirty
 * pages flushed (`sync`, untimed), so neither pays for writing back the other's gigabyte.
 */
async function freshDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'hearth-bench-'))
  spawnSync('sync')
  return dir
}

/** Seconds for one Hearth download, and the CPU seconds its process spent on it. */
async function timeHearth(url: string, fetch: HttpFetch): Promise<{ s: number; cpu: number }> {
  const dir = await freshDir()
  try {
    const manager = new DownloadManager({ modelsDir: dir, hub: () => ({ endpoint: url }), fetch })
    const cpu0 = process.cpuUsage()
    const t0 = performance.now()
    const started = manager.startTarget({ name: 'bench', repo: REPO, file: FILE })
    const final = await manager.wait(started.downloadId)
    const s = (performance.now() - t0) / 1000
    const used = process.cpuUsage(cpu0)
    if (!final.ok || final.value.phase !== 'done')
      throw new Error(`Hearth download failed: ${JSON.stringify(final)}`)
    return { s, cpu: (used.user + used.system) / 1e6 }
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

async function timeCurl(url: string, proxy: string | null): Promise<number> {
  const dir = await freshDir()
  try {
    const out = path.join(dir, 'curl.bin')
    const args = ['-s', '-f', '-L', '-o', out, `${url}/${REPO}/resolve/main/${FILE}`]
    if (proxy) args.unshift('-x', proxy)
    // No NO_PROXY from the environment: both clients go through the proxy or neither does.
    const env = { PATH: process.env.PATH ?? '/usr/bin:/bin' }
    const t0 = performance.now()
    const r = spawnSync('curl', args, { env })
    if (r.status !== 0) throw new Error(`curl failed with ${r.status}`)
    return (performance.now() - t0) / 1000
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

interface Mode {
  hearth: number[]
  curl: number[]
  cpu: number[]
}

async function measure(
  url: string,
  proxy: string | null,
  rounds: number,
  mb: number,
  log?: (line: string) => void,
): Promise<Mode> {
  const fetch = createNodeFetch(proxy ? { HTTP_PROXY: proxy } : {})
  const mode: Mode = { hearth: [], curl: [], cpu: [] }
  const hearth = async (): Promise<void> => {
    const { s, cpu } = await timeHearth(url, fetch)
    mode.hearth.push(s)
    mode.cpu.push(cpu)
  }
  // Warm-up: the first download in a process pays for JIT and the first connections.
  await timeCurl(url, proxy)
  await timeHearth(url, fetch)
  const speed = (seconds = 0): string => `${(mb / seconds).toFixed(0)} MB/s`
  for (let i = 0; i < rounds; i++) {
    if (i % 2 === 0) await hearth()
    mode.curl.push(await timeCurl(url, proxy))
    if (i % 2 !== 0) await hearth()
    const how = proxy ? 'via tinyproxy' : 'direct'
    log?.(
      `  ${how} round ${i + 1}: hearth ${speed(mode.hearth.at(-1))}, curl ${speed(mode.curl.at(-1))}`,
    )
  }
  return mode
}

/**
 * Returns `download.throughput_ratio` (curl's median time ÷ Hearth's), `download.proxy_ratio`
 * (the same through one tinyproxy for both), `download.cpu_s_per_gb` (Hearth's process CPU per
 * GB, direct) and both median speeds. Medians per client, not per-round ratios: a gigabyte
 * written through the page cache is now and then much slower in the kernel's copy on a busy VM,
 * and the order H C C H... gives each client the same number of turns after the other.
 */
export async function benchDownloadThroughput(
  options: DownloadBenchOptions = {},
): Promise<Record<string, number>> {
  const sizeMb = options.sizeMb ?? 1024
  const rounds = options.rounds ?? 4
  const rate = options.bytesPerSecond ?? 250_000_000
  const cli = options.serverCli ?? path.resolve('e2e/fixtures/fake-hf-server-cli.ts')
  const server = await startServer(cli, sizeMb, rate)
  const mb = (sizeMb * 1024 * 1024) / 1e6
  const figures: Record<string, number> = {}
  const ratio = (m: Mode): number => Number((median(m.curl) / median(m.hearth)).toFixed(3))
  try {
    const direct = await measure(server.url, null, rounds, mb, options.log)
    figures['download.throughput_ratio'] = ratio(direct)
    figures['download.hearth_mb_s'] = Number((mb / median(direct.hearth)).toFixed(1))
    figures['download.curl_mb_s'] = Number((mb / median(direct.curl)).toFixed(1))
    figures['download.cpu_s_per_gb'] = Number((median(direct.cpu) / (mb / 1000)).toFixed(2))
    if (hasTinyproxy) {
      const proxy = await startTinyproxy()
      try {
        figures['download.proxy_ratio'] = ratio(
          await measure(server.url, proxy.url, rounds, mb, options.log),
        )
      } finally {
        await proxy.close()
      }
    } else {
      options.log?.('  no tinyproxy at /usr/bin/tinyproxy: download.proxy_ratio not measured')
    }
  } finally {
    server.child.kill('SIGTERM')
  }
  return figures
}
