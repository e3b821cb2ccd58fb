/**
 * State cache reliability: each run starts the BUILT headless Hearth on a fresh data folder, sends a
 * ~2,000-token message to the generated medium model, and SIGKILLs the process the moment the
 * engine starts writing the conversation's state file (it saves after a second of idle time; a
 * file-system watch on the cache folder sees the temporary file appear). It then starts Hearth
 * again on the same folder and checks that
 * (a) the damaged temporary was discarded (the cache folder holds no temporary and no state that
 *     a crash could have cut), and
 * (b) the conversation answers a follow-up with the model's exact reply.
 *
 * Node builtins, `ws` and relative `.ts` imports only: Node 24 runs this file directly.
 */
import { existsSync, watch } from 'node:fs'
import { mkdtemp, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { TEST_MODEL_REPLY } from '../make-test-model.ts'
import { ensureTestModel } from '../test-model-cache.ts'
import { builtHeadlessEntry, Client, startHeadless, waitReady } from './headless-client.ts'

export interface StateKillOptions {
  runs: number
  headlessEntry?: string
  /** The model (default: the generated reply model, medium preset). */
  modelPath?: string
  log?: (line: string) => void
}

export interface StateKillReport {
  runs: number
  /** Runs where the kill found the state file still a temporary (mid-write). */
  killed_mid_write: number
  /** Temporaries left after the restart (must be 0). */
  temporaries_after_restart: number
  /** Follow-ups answered with the exact reply after the restart (must equal runs). */
  answered: number
}

/** The engine's state temporaries (StateCache.temporaryPath), not other files of the folder. */
const STATE_TEMPORARY = /\.hstate\.\d+\.[0-9a-f]+\.tmp$/

/** About 2,000 tokens: on any CPU worth more than the save policy's 250 ms to keep. */
const LONG_MESSAGE = 'Hello from Hearth. '.repeat(490)
/** The idle save comes a second after the reply (and its title); this is a generous bound. */
const SAVE_WAIT_MS = 60_000

interface Done {
  conversationId: string
  text: string
  finishReason: string
}

function nextDone(client: Client): Promise<Done> {
  return new Promise((resolve) => {
    client.onEvent((channel, payload) => {
      if (channel === 'chat.done') resolve(payload as Done)
    })
  })
}

async function oneRun(
  entry: string,
  modelPath: string,
  log: (line: string) => void,
): Promise<{ midWrite: boolean; leftovers: number; answered: boolean }> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'hearth-state-kill-'))
  const cacheDir = path.join(dataDir, 'state-cache')
  try {
    const first = await startHeadless(entry, dataDir, modelPath)
    let conversationId = ''
    let sawTemporary = ''
    try {
      const client = await Client.connect(first)
      await waitReady(client)
      // The engine created the cache folder when it started; watch it before the reply ends.
      const watcher = watch(cacheDir, (_event, name) => {
        if (sawTemporary !== '' || name === null || !STATE_TEMPORARY.test(name)) return
        sawTemporary = name
        first.child.kill('SIGKILL')
      })
      try {
        const done = nextDone(client)
        const sent = await client.invoke<{ conversationId: string }>('chat.send', {
          text: LONG_MESSAGE,
        })
        conversationId = sent.conversationId
        await done
        // The idle save starts about a second after the reply: the watch kills the process then.
        const waited = await Promise.race([
          first.exited.then(() => true),
          new Promise<boolean>((resolve) => setTimeout(() => resolve(false), SAVE_WAIT_MS)),
        ])
        if (!waited)
          throw new Error(
            `no state file was written within ${SAVE_WAIT_MS / 1000} s of the reply (did the save policy find the conversation too cheap to keep?)`,
          )
      } finally {
        watcher.close()
        client.close()
      }
    } finally {
      if (first.child.exitCode === null && first.child.signalCode === null)
        first.child.kill('SIGKILL')
    }
    if (sawTemporary === '') throw new Error('Hearth exited before it wrote a state file')
    const midWrite = existsSync(path.join(cacheDir, sawTemporary))

    const second = await startHeadless(entry, dataDir, modelPath)
    try {
      const client = await Client.connect(second)
      await waitReady(client)
      const done = nextDone(client)
      await client.invoke('chat.send', { conversationId, text: 'Still there?' })
      const answer = await done
      client.close()
      const leftovers = (await readdir(cacheDir)).filter((name) => STATE_TEMPORARY.test(name))
      const answered = answer.finishReason === 'done' && answer.text === TEST_MODEL_REPLY
      log(
        `killed while ${sawTemporary} was ${midWrite ? 'being written' : 'already renamed'}; ` +
          `after the restart ${leftovers.length} temporaries, follow-up ${answered ? 'answered' : `NOT answered (${answer.finishReason}: ${answer.text})`}`,
      )
      return { midWrite, leftovers: leftovers.length, answered }
    } finally {
      second.child.kill('SIGKILL')
      await second.exited
    }
  } finally {
    await rm(dataDir, { recursive: true, force: true })
  }
}

/** Runs the state-kill check `runs` times, each on a fresh data folder. */
export async function runStateKillReliability(options: StateKillOptions): Promise<StateKillReport> {
  const entry = builtHeadlessEntry(options.headlessEntry)
  const log = options.log ?? (() => undefined)
  const modelPath =
    options.modelPath ?? (await ensureTestModel({ variant: 'reply', preset: 'medium' }))
  const report: StateKillReport = {
    runs: 0,
    killed_mid_write: 0,
    temporaries_after_restart: 0,
    answered: 0,
  }
  for (let i = 0; i < options.runs; i++) {
    const run = await oneRun(entry, modelPath, (line) => log(`${i + 1}/${options.runs} ${line}`))
    report.runs += 1
    if (run.midWrite) report.killed_mid_write += 1
    report.temporaries_after_restart += run.leftovers
    if (run.answered) report.answered += 1
  }
  return report
}
