import type { ExportFile, ExportedConversation } from '../src/shared/contract/schemas/conversations'

/** What `longConversation` builds. */
export interface LongConversationOptions {
  id?: string
  title?: string
  /** Messages on the shown branch, user and assistant in turn (default 1,000). */
  messages?: number
  /**
   * The index of an assistant message that also gets an older alternative reply, hidden (the
   * conversation shows its newest branch); its text carries the word `hiddenbranch`.
   */
  hiddenBranchAt?: number
  /** Epoch ms of the first message. */
  startAt?: number
}

/** The id of message `index` of the conversation `id` (the hidden alternative: `${id}-alt`). */
export function longMessageId(id: string, index: number): string {
  return `${id}-m${index}`
}

/**
 * The word only message `index` contains: searching it finds exactly that message. Letters only
 * (the index in base 26, a to z), so no tokenizer splits it.
 */
export function uniqueWord(index: number): string {
  let letters = ''
  let rest = index
  do {
    letters = String.fromCharCode(97 + (rest % 26)) + letters
    rest = Math.floor(rest / 26)
  } while (rest > 0)
  return `zq${letters.padStart(3, 'a')}`
}

/** An assistant reply as a real one looks: prose, and now and then a code block or math. */
function replyText(index: number): string {
  const prose = `Reply ${index} (${uniqueWord(index)}): here is what I think about step ${index}, with a few sentences so the message wraps over more than one line in a normal window.`
  if (index % 10 === 1)
    return `${prose}\n\n\`\`\`ts\nconst step${index} = (x: number) => x * ${index}\n\`\`\``
  if (index % 10 === 5)
    return `${prose}\n\n$$\\sum_{k=1}^{${index}} k = \\frac{${index}(${index}+1)}{2}$$`
  return prose
}

/**
 * One long conversation as an export (a chain of parent links, like a real one), for seeding a
 * real store through `importParsed` in tests, the e2e specs and the UI benchmark.
 */
export function longConversation(options: LongConversationOptions = {}): ExportedConversation {
  const id = options.id ?? 'long-conversation'
  const count = options.messages ?? 1000
  let clock = options.startAt ?? Date.parse('2025-01-01T00:00:00Z')
  const messages: ExportedConversation['messages'] = []
  let parentId: string | null = null
  for (let index = 0; index < count; index++) {
    const user = index % 2 === 0
    const messageId = longMessageId(id, index)
    if (!user && index === options.hiddenBranchAt) {
      // Older than the shown reply beside it, so the conversation shows the other one.
      messages.push({
        id: `${id}-alt`,
        role: 'assistant',
        text: `An earlier answer to step ${index - 1}, replaced: hiddenbranch.`,
        parentId,
        createdAt: clock++,
        finishReason: 'done',
        stats: null,
      })
    }
    messages.push({
      id: messageId,
      role: user ? 'user' : 'assistant',
      text: user ? `Question ${index} (${uniqueWord(index)}): what comes next?` : replyText(index),
      parentId,
      createdAt: clock++,
      finishReason: user ? null : 'done',
      stats: user ? null : { ttftMs: 100, tokensPerSecond: 30, tokenCount: 60 },
    })
    parentId = messageId
  }
  return {
    id,
    title: options.title ?? 'A long conversation',
    pinned: false,
    createdAt: options.startAt ?? Date.parse('2025-01-01T00:00:00Z'),
    updatedAt: clock,
    systemPrompt: null,
    sampling: null,
    model: null,
    messages,
  }
}

/** An export file holding the given conversations. */
export function exportFileOf(conversations: ExportedConversation[]): ExportFile {
  return { format: 'hearth-conversations', version: 1, exportedAt: Date.now(), conversations }
}
