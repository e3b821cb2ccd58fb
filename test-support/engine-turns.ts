import type { ChatTurn, GenerateRequest } from '../src/main/core/engine/engine'
import { LlamaEngine, type LlamaEngineOptions } from '../src/main/core/engine/llama-engine'
import { samplingFor } from '../src/main/core/engine/sampling'

/** A generation request as the chat service makes one: the model card's sampling, a fixed seed. */
export function askEngine(
  conversationId: string | undefined,
  history: ChatTurn[],
): GenerateRequest {
  return {
    history,
    systemPrompt: '',
    sampling: { ...samplingFor('model-card'), maxTokens: 64, seed: 3 },
    signal: new AbortController().signal,
    onTextChunk: () => undefined,
    ...(conversationId === undefined ? {} : { conversationId }),
  }
}

/**
 * Generates a reply and returns its text once the engine is idle again: the next turn's opening is
 * evaluated as the engine's next task, so what the sequence holds is read after it.
 */
export async function replyText(
  engine: LlamaEngine,
  conversationId: string | undefined,
  history: ChatTurn[],
): Promise<string> {
  const result = await engine.generate(askEngine(conversationId, history))
  if (!result.ok) throw new Error(result.error.message)
  await engine.settled()
  return result.value.text
}

/**
 * The real engine with a state folder, loaded: threads pinned to 1 (2-core machine), the idle save
 * kept out of the way (leaving a conversation saves it) and every state worth saving (tiny models).
 */
export async function loadStateEngine(
  modelPath: string,
  stateDir: string,
  options: Partial<LlamaEngineOptions> = {},
): Promise<LlamaEngine> {
  const engine = new LlamaEngine({
    threads: 1,
    maxContextSize: 2048,
    stateDir,
    minSaveGainMs: 0,
    idleSaveMs: 60_000,
    ...options,
  })
  const loaded = await engine.load(modelPath)
  if (!loaded.ok) {
    await engine.dispose()
    throw new Error(loaded.error.message)
  }
  return engine
}
