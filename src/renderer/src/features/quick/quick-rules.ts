import { MAX_CLIPBOARD_CHARS } from '../../../../shared/contract/desktop'

/** The quick conversation the prompt last showed, and when it was last used (epoch ms). */
export interface LastQuick {
  conversationId: string
  usedAt: number
}

/**
 * The "same quick conversation" rule: showing the quick prompt again within `reuseMinutes` of its
 * last use returns to that conversation; later (or with 0 minutes) it starts a new one (null).
 */
export function quickConversationToResume(
  last: LastQuick | null,
  now: number,
  reuseMinutes: number,
): string | null {
  if (last === null || reuseMinutes <= 0) return null
  const elapsed = now - last.usedAt
  // A clock set back makes `elapsed` negative: still the same sitting, so it resumes.
  return elapsed <= reuseMinutes * 60_000 ? last.conversationId : null
}

/** The clipboard text the user chose to include, as the chip shows it. */
export interface ClipboardChip {
  text: string
  firstLine: string
  /** Characters of the whole text (after any cut). */
  length: number
  /** The clipboard held more than MAX_CLIPBOARD_CHARS: only the start is included. */
  truncated: boolean
}

const FIRST_LINE_CHARS = 60

/** A chip for clipboard text, or null when the clipboard holds no text worth including. */
export function clipboardChip(raw: string): ClipboardChip | null {
  if (raw.trim() === '') return null
  const truncated = raw.length > MAX_CLIPBOARD_CHARS
  const text = truncated ? raw.slice(0, MAX_CLIPBOARD_CHARS) : raw
  const line = text.trim().split(/\r?\n/, 1)[0] ?? ''
  const firstLine = line.length > FIRST_LINE_CHARS ? `${line.slice(0, FIRST_LINE_CHARS)}…` : line
  return { text, firstLine, length: text.length, truncated }
}

/**
 * The message sent for a question and an optional clipboard text: the clipboard follows in a fence
 * longer than any run of backticks inside it, so it renders as one block whatever it holds.
 */
export function composeQuickPrompt(question: string, clipboard: string | null): string {
  if (clipboard === null) return question
  const longestRun = Math.max(0, ...(clipboard.match(/`+/g) ?? []).map((run) => run.length))
  const fence = '`'.repeat(Math.max(3, longestRun + 1))
  return `${question.trim()}\n\n${fence}\n${clipboard}\n${fence}`
}
