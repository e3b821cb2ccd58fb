import type { ChatHistoryItem } from 'node-llama-cpp'
import type { ChatTurn, EngineStopReason } from './engine'

/**
 * Splits our conversation into node-llama-cpp's history (everything before the last user turn) and
 * the prompt (that turn). No system item unless the user set a prompt: Llama3ChatWrapper emits a
 * system block even for an empty string, and the model card uses none.
 */
export function buildChatHistory(
  turns: readonly ChatTurn[],
  systemPrompt: string,
): { history: ChatHistoryItem[]; prompt: string } {
  const last = turns.at(-1)
  if (last === undefined || last.role !== 'user') {
    throw new Error('buildChatHistory needs a conversation that ends with a user turn')
  }
  const history: ChatHistoryItem[] = []
  if (systemPrompt.trim().length > 0) history.push({ type: 'system', text: systemPrompt })
  for (const turn of turns.slice(0, -1)) {
    history.push(
      turn.role === 'user'
        ? { type: 'user', text: turn.text }
        : { type: 'model', response: [turn.text] },
    )
  }
  return { history, prompt: last.text }
}

/** node-llama-cpp's stop reasons in our words. */
export function mapStopReason(
  reason:
    | 'abort'
    | 'maxTokens'
    | 'eogToken'
    | 'stopGenerationTrigger'
    | 'functionCalls'
    | 'customStopTrigger',
): EngineStopReason {
  switch (reason) {
    case 'abort':
      return 'abort'
    case 'maxTokens':
      return 'length'
    case 'eogToken':
    case 'stopGenerationTrigger':
    case 'functionCalls':
    case 'customStopTrigger':
      return 'eos'
    default:
      return reason satisfies never
  }
}
