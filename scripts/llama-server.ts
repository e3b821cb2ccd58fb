/**
 * llama.cpp's `llama-server`, built by scripts/build-llama-server.sh from the source node-llama-cpp
 * ships, into a cache folder keyed by the llama.cpp commit. Tests and benchmarks of the remote engine
 * find it here, start it on loopback with a generated model, and skip saying why when it is absent.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { createServer } from 'node:net'
import { homedir } from 'node:os'
import { join } from 'node:path'
import { REPO_ROOT } from './test-model-cache.ts'

const BUNDLE = join(REPO_ROOT, 'node_modules', 'node-llama-cpp', 'llama', 'gitRelease.bundle')

/**
 * The built binary, or why there is none (printed by the tests that skip). With
 * HEARTH_REQUIRE_LLAMA_SERVER=1 (CI, which builds it) a missing binary throws instead.
 */
export function findLlamaServer(): { path: string } | { missing: string } {
  const found = locateLlamaServer()
  if ('missing' in found && process.env['HEARTH_REQUIRE_LLAMA_SERVER'] === '1') {
    throw new Error(`HEARTH_REQUIRE_LLAMA_SERVER is set but ${found.missing}`)
  }
  return found
}

function locateLlamaServer(): { path: string } | { missing: string } {
  if (!existsSync(BUNDLE)) return { missing: `${BUNDLE} is missing (run npm ci)` }
  let commit: string
  try {
    const heads = execFileSync('git', ['bundle', 'list-heads', BUNDLE], { encoding: 'utf8' })
    commit =
      heads
        .split('\n')
        .find((line) => line.endsWith(' HEAD'))
        ?.split(' ')[0] ?? ''
  } catch (cause) {
    return { missing: `git could not read ${BUNDLE}: ${String(cause)}` }
  }
  const cache = process.env['HEARTH_CI_CACHE'] ?? join(homedir(), '.cache', 'hearth-ci')
  const path = join(cache, `llama-server-${commit.slice(0, 12)}`, 'bin', 'llama-server')
  return existsSync(path)
    ? { path }
    : { missing: `llama-server is not built (${path}); run scripts/build-llama-server.sh` }
}

/** A running llama-server on 127.0.0.1. */
export interface LlamaServer {
  baseUrl: string
  /** The model id it lists (the alias it was started with). */
  modelId: string
  process: ChildProcess
  /** Stops it (SIGTERM) and waits for it to exit. */
  stop(): Promise<void>
  /** Kills it at once (SIGKILL), as a crash would. */
  kill(): Promise<void>
}

/** Starts llama-server with `modelPath` on a free loopback port and waits until it is healthy. */
export async function startLlamaServer(options: {
  binary: string
  modelPath: string
  contextSize?: number
  threads?: number
}): Promise<LlamaServer> {
  const port = await freePort()
  const modelId = 'hearth-test'
  const child = spawn(
    options.binary,
    [
      '-m',
      options.modelPath,
      '--alias',
      modelId,
      '--host',
      '127.0.0.1',
      '--port',
      String(port),
      '-t',
      String(options.threads ?? 1),
      '-c',
      String(options.contextSize ?? 1024),
      '--parallel',
      '1',
    ],
    // A static build (scripts/build-llama-server.sh): no library path to set.
    { stdio: ['ignore', 'ignore', 'pipe'] },
  )
  let output = ''
  child.stderr?.on('data', (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000)
  })
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const baseUrl = `http://127.0.0.1:${port}/v1`
  const deadline = Date.now() + 60_000
  for (;;) {
    if (child.exitCode !== null) throw new Error(`llama-server exited: ${output}`)
    const healthy = await fetch(`http://127.0.0.1:${port}/health`)
      .then((response) => response.ok)
      .catch(() => false)
    if (healthy) break
    if (Date.now() > deadline) {
      child.kill('SIGKILL')
      throw new Error(`llama-server did not become healthy: ${output}`)
    }
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  const end = async (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal)
    await exited
  }
  return {
    baseUrl,
    modelId,
    process: child,
    stop: () => end('SIGTERM'),
    kill: () => end('SIGKILL'),
  }
}

/** A port the operating system just gave out on 127.0.0.1 (free now, closed again). */
export async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen({ host: '127.0.0.1', port: 0 }, resolve))
  const address = server.address()
  await new Promise<void>((resolve) => server.close(() => resolve()))
  if (address === null || typeof address !== 'object') throw new Error('no free port')
  return address.port
}
