import { setImmediate as yieldToLoop } from 'node:timers/promises'
import { z } from 'zod'
import {
  ExportFileSchema,
  ExportedConversationSchema,
  type ExportFile,
  type ExportedConversation,
} from '../../../../shared/contract/schemas/conversations'
import { err, ok, type Result } from '../../../../shared/contract/result'

/** "conversations.0.messages.3.role: Invalid option: expected one of "user"|"assistant"". */
function describeIssue(error: z.ZodError, prefix: string): string {
  const issue = error.issues[0]
  if (!issue) return 'The file does not match the Hearth export format.'
  const path = [prefix, ...issue.path.map(String)].filter((p) => p !== '').join('.')
  return `${path || 'file'}: ${issue.message}`
}

function invalid<T>(detail: string): Result<T> {
  return err('INVALID_INPUT', `This is not a valid Hearth export: ${detail}`)
}

const HeaderSchema = ExportFileSchema.extend({ conversations: z.array(z.unknown()) })
/** Conversations validated between two yields to the event loop. */
const PARSE_SLICE = 50

/**
 * Validates an export (parsed JSON) with the versioned schema, a slice of conversations at a time so
 * a big file does not freeze the main thread. Also checks what zod cannot: ids unique within the
 * file, and every parent id naming an earlier message of the same conversation.
 */
async function parseExportFile(raw: unknown): Promise<Result<ExportFile>> {
  if (typeof raw === 'object' && raw !== null && 'version' in raw) {
    const version = raw.version
    if (typeof version === 'number' && version > 1) {
      return err(
        'INVALID_INPUT',
        `This export is from a newer Hearth (format version ${version}). Update Hearth to import it.`,
      )
    }
  }
  const header = HeaderSchema.safeParse(raw)
  if (!header.success) return invalid(describeIssue(header.error, ''))
  const conversations: ExportedConversation[] = []
  const seenConversations = new Set<string>()
  const seenMessages = new Set<string>()
  for (const [index, item] of header.data.conversations.entries()) {
    if (index > 0 && index % PARSE_SLICE === 0) await yieldToLoop()
    const parsed = ExportedConversationSchema.safeParse(item)
    if (!parsed.success) return invalid(describeIssue(parsed.error, `conversations.${index}`))
    const conversation = parsed.data
    if (seenConversations.has(conversation.id)) {
      return invalid(`conversations.${index}.id: "${conversation.id}" appears twice in the file`)
    }
    seenConversations.add(conversation.id)
    for (const [m, message] of conversation.messages.entries()) {
      const where = `conversations.${index}.messages.${m}`
      if (seenMessages.has(message.id)) return invalid(`${where}.id: "${message.id}" appears twice`)
      if (message.parentId !== null && !seenMessages.has(message.parentId)) {
        return invalid(`${where}.parentId: no earlier message has the id "${message.parentId}"`)
      }
      seenMessages.add(message.id)
    }
    conversations.push(conversation)
  }
  return ok({ ...header.data, conversations })
}

/** Parses export text (JSON) and validates it; a syntax error is answered, not thrown. */
export async function parseExportText(text: string): Promise<Result<ExportFile>> {
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch (error) {
    // V8's message quotes the text itself; the user gets where it breaks, not what it says.
    const at = /position (\d+)/.exec(error instanceof Error ? error.message : '')?.[1]
    return invalid(at === undefined ? 'it is not JSON.' : `it is not JSON (at character ${at}).`)
  }
  return parseExportFile(raw)
}
