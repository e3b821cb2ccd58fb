import type {
  ExportFile,
  ExportedConversation,
} from '../../../shared/contract/schemas/conversations'
import { ok, type Result } from '../../../shared/contract/result'
import { getConversationRecord, listAllConversationIds } from './conversations'
import { listAllMessages } from './messages'
import type { ReadableDB } from './sql'

/** Builds the JSON export of the given conversations, or of all of them when `ids` is 'all'. */
export function exportConversations(
  db: ReadableDB,
  ids: readonly string[] | 'all',
  now: number,
): Result<ExportFile> {
  const wanted = ids === 'all' ? listAllConversationIds(db) : ids
  const conversations: ExportedConversation[] = []
  for (const id of wanted) {
    const found = getConversationRecord(db, id)
    if (!found.ok) return found
    const messages = listAllMessages(db, id).map(({ conversationId: _, ...message }) => message)
    conversations.push({ ...found.value, messages })
  }
  return ok({ format: 'hearth-conversations', version: 1, exportedAt: now, conversations })
}

/**
 * A stored time as ISO 8601, or `unknown date` for one `Date` cannot hold: the import refuses
 * such times now, but a history written before must still export (issue 10).
 */
function isoDate(ms: number): string {
  const date = new Date(ms)
  return Number.isNaN(date.getTime()) ? 'unknown date' : date.toISOString()
}

/** A readable Markdown rendering of an export; replies replaced by a regenerate are marked. */
export function toMarkdown(file: ExportFile): string {
  const parts: string[] = []
  for (const conversation of file.conversations) {
    parts.push(`# ${conversation.title || 'Untitled conversation'}`, '')
    parts.push(`- Created: ${isoDate(conversation.createdAt)}`)
    if (conversation.model) parts.push(`- Model: ${conversation.model}`)
    if (conversation.sampling) parts.push(`- Sampling: ${JSON.stringify(conversation.sampling)}`)
    parts.push('')
    if (conversation.systemPrompt)
      parts.push('> **System prompt:**', quote(conversation.systemPrompt), '')
    const replaced = replacedMessageIds(conversation)
    for (const message of conversation.messages) {
      const who = message.role === 'user' ? 'You' : 'Assistant'
      const notes = [
        replaced.has(message.id) ? 'replaced by a later version' : null,
        message.finishReason && message.finishReason !== 'done' ? message.finishReason : null,
      ].filter((note) => note !== null)
      parts.push(
        `## ${who}${notes.length > 0 ? ` (${notes.join(', ')})` : ''}`,
        '',
        message.text,
        '',
      )
    }
  }
  return `${parts.join('\n').trimEnd()}\n`
}

function quote(text: string): string {
  return text
    .split('\n')
    .map((line) => `> ${line}`)
    .join('\n')
}

/** Messages with a later sibling (same parent, same role): earlier versions of a regenerate/edit. */
function replacedMessageIds(conversation: ExportedConversation): Set<string> {
  const latestByBranchPoint = new Map<string, string>()
  for (const message of conversation.messages) {
    latestByBranchPoint.set(`${message.role}:${message.parentId ?? ''}`, message.id)
  }
  const latest = new Set(latestByBranchPoint.values())
  return new Set(conversation.messages.filter((m) => !latest.has(m.id)).map((m) => m.id))
}
