import type { LlamaContextSequence, Token } from 'node-llama-cpp'
import type { CachedState, StateCache } from './state-cache'
import { readStateTokens, type StateHeaderKeys } from './state-file'
import { worthKeeping, worthRestoring, type SpeedMeter } from './save-policy'

/** What ties a state to this model file and these context settings. */
type StateKeys = Pick<StateHeaderKeys, 'modelSha256' | 'contextKey'>

/** The last save: `ms` is how long it held the sequence (llama.cpp writing); the rest runs after. */
export interface SaveRecord {
  tokens: number
  bytes: number
  ms: number
  /** Checksum, header, sync and rename, off the sequence; null until they finish. */
  commitMs: number | null
}

/** The last restore: reading, verifying and loading a state file. */
export interface RestoreRecord {
  tokens: number
  bytes: number
  ms: number
}

export interface StateKeeperOptions {
  /** Null: no cache (nothing saved, nothing restored). */
  cache: StateCache | null
  /** The model file's sha256 and the context settings; null when they cannot be known. */
  keys: () => Promise<StateKeys | null>
  meter: SpeedMeter
  /** The save policy's smallest worthwhile gain (MIN_GAIN_MS); tests on tiny models lower it. */
  minGainMs?: number
  log?: (message: string, detail?: unknown) => void
}

/** The outcome of bringing a conversation into the sequence. */
export interface SwitchOutcome {
  /** Tokens of the prompt a restored state already covers (0 when nothing was restored). */
  restoredTokens: number
  /** A load failed half way: the sequence's state is unknown and must be replaced. */
  sequenceLost: boolean
}

/** A verified state file worth loading, and what it covers of the prompt. */
interface UsableState {
  state: CachedState
  fileTokens: readonly Token[]
  /** Leading prompt tokens the file covers. */
  usable: number
  /** Reading and verifying it took this long: a restore's time counts them too. */
  checkMs: number
}

/**
 * Knows which conversation the sequence holds and moves conversations between the sequence and
 * the state cache: when the engine leaves a conversation its state is saved (if the sequence holds
 * more than its file and the save policy finds it worth it), and when a conversation comes back its
 * file is restored if that beats re-evaluating; node-llama-cpp then evaluates only the tokens after
 * the longest prefix the state shares with the new prompt, so an edit or a branch switch earlier
 * in the conversation invalidates exactly what follows it. Failures are logged and cost only speed.
 */
export class StateKeeper {
  readonly #options: StateKeeperOptions
  #resident: string | null = null
  /** The tokens of the resident conversation's file (saved or restored), if there is one. */
  #inFile: readonly Token[] | null = null
  lastSave: SaveRecord | null = null
  lastRestore: RestoreRecord | null = null

  constructor(options: StateKeeperOptions) {
    this.#options = options
  }

  /** The conversation whose state the sequence holds (null: none, or work that belongs to none). */
  get resident(): string | null {
    return this.#resident
  }

  /**
   * Makes `conversationId` the sequence's conversation before a prompt with `promptTokens`: saves
   * the one it held, then restores this one's state where that is faster than re-evaluating it.
   */
  async switchTo(
    sequence: LlamaContextSequence,
    conversationId: string | null,
    promptTokens: readonly Token[],
  ): Promise<SwitchOutcome> {
    if (conversationId !== null && conversationId === this.#resident)
      return { restoredTokens: 0, sequenceLost: false }
    await this.save(sequence)
    this.#resident = conversationId
    this.#inFile = null
    if (conversationId === null) return { restoredTokens: 0, sequenceLost: false }
    return this.#restore(sequence, conversationId, promptTokens)
  }

  /** The sequence is being replaced or emptied: what it held belongs to no conversation now. */
  forget(): void {
    this.#resident = null
    this.#inFile = null
  }

  /**
   * Saves the resident conversation's state unless its file already covers the sequence or the
   * save policy finds it not worth a file. Holds the sequence only while llama.cpp writes; the
   * checksum, header, sync and rename follow in the background.
   */
  async save(sequence: LlamaContextSequence): Promise<void> {
    const { cache, meter } = this.#options
    const conversationId = this.#resident
    if (cache === null || conversationId === null || sequence.disposed) return
    const tokens = sequence.contextTokens.slice()
    if (tokens.length === 0 || covers(this.#inFile, tokens)) return
    if (!worthKeeping(tokens.length, meter.speeds, this.#options.minGainMs)) return
    const keys = await this.#keysFor(conversationId)
    if (keys === null) return
    const expected = (meter.speeds.stateBytesPerToken ?? 0) * tokens.length
    if (!(await cache.makeRoom(keys, expected))) return
    const temporary = cache.temporaryPath(keys)
    const started = performance.now()
    let bytes: number
    try {
      bytes = (await sequence.saveStateToFile(temporary)).fileSize
    } catch (cause) {
      this.#options.log?.('Could not save the conversation state (the reply is unaffected)', cause)
      await cache.discard(temporary, 'llama.cpp could not write it')
      return
    }
    const record: SaveRecord = {
      tokens: tokens.length,
      bytes,
      ms: performance.now() - started,
      commitMs: null,
    }
    this.lastSave = record
    meter.noteSave(tokens.length, bytes)
    this.#inFile = tokens
    const committing = performance.now()
    void cache.commit(temporary, keys, tokens.length).then((state) => {
      record.commitMs = performance.now() - committing
      if (state === null && this.#inFile === tokens) this.#inFile = null
    })
  }

  /**
   * Makes `conversationId` the sequence's conversation only if its saved state can be restored and
   * that beats re-evaluating (the one held now is saved first). Otherwise nothing changes: the
   * sequence keeps what it holds and whose it is. `resident` says whether the conversation is the
   * sequence's now.
   */
  async switchIfRestorable(
    sequence: LlamaContextSequence,
    conversationId: string,
    promptTokens: readonly Token[],
  ): Promise<SwitchOutcome & { resident: boolean }> {
    if (conversationId === this.#resident)
      return { restoredTokens: 0, sequenceLost: false, resident: true }
    const found = await this.#usableState(sequence, conversationId, promptTokens)
    if (found === null) return { restoredTokens: 0, sequenceLost: false, resident: false }
    await this.save(sequence)
    this.#resident = conversationId
    this.#inFile = null
    return { ...(await this.#load(sequence, found)), resident: true }
  }

  async #restore(
    sequence: LlamaContextSequence,
    conversationId: string,
    promptTokens: readonly Token[],
  ): Promise<SwitchOutcome> {
    const found = await this.#usableState(sequence, conversationId, promptTokens)
    if (found === null) return { restoredTokens: 0, sequenceLost: false }
    return this.#load(sequence, found)
  }

  /** The conversation's state file, if it verifies and loading it beats evaluating what it spares. */
  async #usableState(
    sequence: LlamaContextSequence,
    conversationId: string,
    promptTokens: readonly Token[],
  ): Promise<UsableState | null> {
    const { cache, meter } = this.#options
    if (cache === null) return null
    const keys = await this.#keysFor(conversationId)
    if (keys === null) return null
    const state = await cache.find(keys)
    if (state === null) return null
    const started = performance.now()
    const fileTokens = await readStateTokens(state.path, state.header).catch(() => null)
    if (fileTokens === null) {
      await cache.discard(state.path, 'its token list does not match its header')
      return null
    }
    const usable = sharedPrefix(fileTokens, promptTokens)
    // Loading replaces what the sequence holds: it must spare more than the sequence already shares.
    const spared = usable - sharedPrefix(sequence.contextTokens, promptTokens)
    if (!worthRestoring(spared, state.header.stateBytes, meter.speeds)) return null
    if (!(await cache.verify(state))) return null
    return { state, fileTokens, usable, checkMs: performance.now() - started }
  }

  async #load(
    sequence: LlamaContextSequence,
    { state, fileTokens, usable, checkMs }: UsableState,
  ): Promise<SwitchOutcome> {
    const { cache, meter } = this.#options
    if (cache === null) return { restoredTokens: 0, sequenceLost: false }
    const started = performance.now()
    try {
      await sequence.loadStateFromFile(state.path, { acceptRisk: true })
    } catch (cause) {
      this.#options.log?.('Could not load a conversation state; evaluating instead', cause)
      await cache.discard(state.path, 'llama.cpp could not load it')
      return { restoredTokens: 0, sequenceLost: true }
    }
    const ms = checkMs + performance.now() - started
    meter.noteRestore(state.header.stateBytes, ms)
    this.lastRestore = { tokens: fileTokens.length, bytes: state.header.stateBytes, ms }
    cache.touch(state)
    this.#inFile = fileTokens
    return { restoredTokens: usable, sequenceLost: false }
  }

  async #keysFor(conversationId: string): Promise<StateHeaderKeys | null> {
    try {
      const keys = await this.#options.keys()
      return keys === null ? null : { conversationId, ...keys }
    } catch (cause) {
      this.#options.log?.('Could not identify the model file for its conversation states', cause)
      return null
    }
  }
}

/** How many leading tokens two lists share. */
export function sharedPrefix(a: readonly Token[], b: readonly Token[]): number {
  const length = Math.min(a.length, b.length)
  let i = 0
  while (i < length && a[i] === b[i]) i++
  return i
}

/** True when the file's tokens start with (or equal) what the sequence holds. */
function covers(inFile: readonly Token[] | null, tokens: readonly Token[]): boolean {
  return (
    inFile !== null &&
    tokens.length <= inFile.length &&
    sharedPrefix(inFile, tokens) === tokens.length
  )
}
