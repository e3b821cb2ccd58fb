import type { DatabaseSync } from 'node:sqlite'
import { readFile } from 'node:fs/promises'
import { err, ok, type Result } from '../../../shared/contract/result'
import type { FinishReason, ReplyStats } from '../../../shared/contract/schemas/chat'
import type {
  ExportFile,
  ImportReport,
  MessagePage,
  ReplyGeneration,
  SearchHit,
  StoreNotice,
  StoredConversation,
  StoredConversationWithMessages,
  StoredMessage,
} from '../../../shared/contract/schemas/conversations'
import { takeBackup, takeBackupIfDue } from './backup'
import { branchPage, isOnShownBranch, type BranchPageOptions } from './branch-pages'
import * as branches from './branches'
import type { DeletedMessages } from './branches'
import * as conversations from './conversations'
import type { ConversationSettingsPatch, NewConversation } from './conversations'
import { exportConversations, toMarkdown } from './export-history'
import { importExportFile } from './import/import-conversation'
import { importInWorker } from './import/import-in-worker'
import type { WriteGate } from './import/staged-import'
import * as messages from './messages'
import type { ReplyUpdate } from './messages'
import { getSchemaVersion } from './migrate'
import { searchHistory } from './search'
import { asReadable, asWritable, transaction, tryWrite } from './sql'
import type { ReadableDB, WritableDB } from './sql'

/** How the store was opened. */
export interface HistoryStoreInfo {
  /** The history file. */
  path: string
  /** Where automatic backups go. */
  backupDir: string
  /** True for a database from a newer Hearth: it is read, never written. */
  readOnly: boolean
  /** What happened at open that the user should hear about. */
  notices: StoreNotice[]
  /** Replies a crash left unfinished, now marked `interrupted`. */
  interruptedReplies: number
}

function readOnlyError<T>(): Result<T> {
  return err(
    'READ_ONLY',
    'This history was written by a newer version of Hearth, so it is open read-only. Update Hearth to change it.',
  )
}

/**
 * Hearth's conversation history: every read and write the app makes, as short synchronous calls
 * (Signal's ReadableDB/WritableDB model); the core's own process keeps them off the windows'
 * thread. Writes answer a Result: a full disk or
 * a read-only store is an error value, and nothing saved before is lost. Long jobs (backup, import)
 * are async. Open it with `openHistoryStore`.
 */
export class HistoryStore {
  readonly #db: DatabaseSync
  readonly #now: () => number
  #backupRunning: Promise<unknown> = Promise.resolve()
  #importRunning: Promise<unknown> = Promise.resolve()
  /** Set by `setMaxPageCount`; an import worker's connection gets it too. */
  #maxPageCount: number | null = null
  /** Shared with an import worker: 1 while this thread writes (see `WriteGate`). */
  readonly #gate: WriteGate = new Int32Array(new SharedArrayBuffer(4))
  readonly info: HistoryStoreInfo

  constructor(db: DatabaseSync, info: HistoryStoreInfo, now: () => number = Date.now) {
    this.#db = db
    this.info = info
    this.#now = now
  }

  get #reader(): ReadableDB {
    return asReadable(this.#db)
  }

  #write<T>(fn: (db: WritableDB) => Result<T> | T): Result<T> {
    if (this.info.readOnly) return readOnlyError()
    const db = asWritable(this.#db)
    // An import worker holds the write lock one short slice at a time; this tells it to let us in.
    Atomics.store(this.#gate, 0, 1)
    let result: Result<Result<T> | T>
    try {
      result = tryWrite(() => transaction(db, () => fn(db)))
    } finally {
      Atomics.store(this.#gate, 0, 0)
      Atomics.notify(this.#gate, 0)
    }
    if (!result.ok) return result
    const value = result.value
    return isResult<T>(value) ? value : ok(value)
  }

  /**
   * Caps the file at `pages` pages (SQLite then answers "database or disk is full"). Tests use it
   * to simulate a full disk (import workers included); it lasts until the store is closed.
   */
  setMaxPageCount(pages: number): void {
    this.#maxPageCount = Math.max(1, Math.floor(pages))
    this.#db.exec(`PRAGMA max_page_count = ${this.#maxPageCount}`)
  }

  /** The schema version of the open file. */
  schemaVersion(): number {
    return getSchemaVersion(this.#reader)
  }

  // ---- conversations ----

  /** The sidebar: pinned first, then by last activity; deleted ones left out. */
  listConversations(options?: { limit?: number; offset?: number }): StoredConversation[] {
    return conversations.listConversations(this.#reader, options)
  }

  /** Deleted conversations still in the Undo window. */
  listDeletedConversations(): StoredConversation[] {
    return conversations.listDeletedConversations(this.#reader)
  }

  /** A conversation with its newest messages (default 200), or an older page with `before`. */
  getConversation(
    id: string,
    options?: { limit?: number; before?: string | null },
  ): Result<StoredConversationWithMessages> {
    const conversation = conversations.getConversationRecord(this.#reader, id)
    if (!conversation.ok) return conversation
    const page = messages.listMessages(this.#reader, id, options)
    if (!page.ok) return page
    return ok({ conversation: conversation.value, page: page.value })
  }

  /**
   * A conversation with a page of the branch it shows (the newest, or one before, after or around a
   * message: see `BranchPageOptions`), and which of those messages have alternatives (their siblings' ids, oldest first).
   */
  getBranch(
    id: string,
    options?: BranchPageOptions,
  ): Result<StoredConversationWithMessages & { siblings: Record<string, string[]> }> {
    const conversation = conversations.getConversationRecord(this.#reader, id)
    if (!conversation.ok) return conversation
    const page = branchPage(this.#reader, id, options)
    if (!page.ok) return page
    const siblings = branches.siblingsOf(this.#reader, id, page.value.messages)
    return ok({ conversation: conversation.value, page: page.value, siblings })
  }

  /** The last message of the branch a conversation shows (null when it has none). */
  branchLeaf(conversationId: string): string | null {
    return branches.branchLeaf(this.#reader, conversationId)
  }

  /** Whether `messageId` is on the branch the conversation shows. */
  isOnShownBranch(conversationId: string, messageId: string): boolean {
    return isOnShownBranch(this.#reader, conversationId, messageId)
  }

  /**
   * Makes sure the conversation shows a branch with `messageId` on it: nothing changes when it is
   * already shown, otherwise its branch is (like `setActiveMessage`). Answers whether it switched.
   */
  showBranchOf(conversationId: string, messageId: string): Result<boolean> {
    const message = messages.getMessage(this.#reader, messageId)
    if (!message.ok || message.value.conversationId !== conversationId)
      return err('NOT_FOUND', 'That message no longer exists.')
    if (isOnShownBranch(this.#reader, conversationId, messageId)) return ok(false)
    const switched = this.setActiveMessage(conversationId, messageId)
    return switched.ok ? ok(true) : switched
  }

  /** Shows the branch through `messageId` (its newest continuation); null: the newest message's. */
  setActiveMessage(conversationId: string, messageId: string | null): Result<void> {
    return this.#write((db) => branches.setActiveMessage(db, conversationId, messageId))
  }

  /** Deletes a message and everything below it; the answer undoes it with `restoreMessages`. */
  deleteMessages(messageId: string): Result<DeletedMessages> {
    return this.#write((db) => branches.deleteMessageTree(db, messageId))
  }

  /** Undoes `deleteMessages`; answers how many messages came back. */
  restoreMessages(deleted: DeletedMessages): Result<number> {
    return this.#write((db) => branches.restoreMessageTree(db, deleted))
  }

  /** Records how a reply was made (model, settings, context). */
  recordGeneration(id: string, generation: ReplyGeneration): Result<void> {
    return this.#write((db) => messages.recordGeneration(db, id, generation))
  }

  /** A page of messages (see getConversation). */
  listMessages(
    id: string,
    options?: { limit?: number; before?: string | null },
  ): Result<MessagePage> {
    return messages.listMessages(this.#reader, id, options)
  }

  createConversation(input: NewConversation = {}): Result<StoredConversation> {
    return this.#write((db) => conversations.createConversation(db, input, this.#now()))
  }

  /** Sets a conversation's title (rename). */
  setTitle(id: string, title: string): Result<StoredConversation> {
    return this.#write((db) => conversations.setConversationTitle(db, id, title))
  }

  setPinned(id: string, pinned: boolean): Result<StoredConversation> {
    return this.#write((db) => conversations.setConversationPinned(db, id, pinned))
  }

  /** Changes system prompt, sampling settings or model; a field left out keeps its value. */
  updateSettings(id: string, patch: ConversationSettingsPatch): Result<StoredConversation> {
    return this.#write((db) => conversations.updateConversationSettings(db, id, patch))
  }

  /** Soft delete: gone from lists and search until `restoreConversation` or `purgeDeleted`. */
  deleteConversation(id: string): Result<{ id: string; deletedAt: number }> {
    return this.#write((db) => conversations.deleteConversation(db, id, this.#now()))
  }

  /** Undo of a delete. */
  restoreConversation(id: string): Result<StoredConversation> {
    return this.#write((db) => conversations.restoreConversation(db, id))
  }

  /** Removes for good the conversations deleted before `olderThan` (epoch ms); answers how many. */
  purgeDeleted(olderThan: number): Result<number> {
    return this.#write((db) => conversations.purgeDeleted(db, olderThan))
  }

  // ---- messages ----

  getMessage(id: string): Result<StoredMessage> {
    return messages.getMessage(this.#reader, id)
  }

  /** The branch ending at `leafId`, oldest first: the history to prompt with. */
  getThread(leafId: string): StoredMessage[] {
    return messages.getThread(this.#reader, leafId)
  }

  addUserMessage(input: {
    conversationId: string
    text: string
    parentId?: string | null
  }): Result<StoredMessage> {
    return this.#write((db) => messages.addUserMessage(db, input, this.#now()))
  }

  /** Starts a streamed reply (finish reason null until `finishReply`). Prefer `ReplyPersister`. */
  beginReply(input: {
    conversationId: string
    parentId: string | null
    text?: string
    id?: string
  }): Result<StoredMessage> {
    return this.#write((db) => messages.beginReply(db, input, this.#now()))
  }

  /** Lets a stopped or interrupted reply stream again (continue). */
  reopenReply(id: string): Result<void> {
    return this.#write((db) => messages.reopenReply(db, id))
  }

  /** Saves more of a streamed reply: `{text}` (all so far) or `{delta}`. */
  appendReply(id: string, update: ReplyUpdate): Result<void> {
    return this.#write((db) => messages.appendReply(db, id, update))
  }

  finishReply(
    id: string,
    input: { finishReason: FinishReason; stats?: ReplyStats | null; text?: string },
  ): Result<StoredMessage> {
    return this.#write((db) => messages.finishReply(db, id, input))
  }

  // ---- search, export, import ----

  /** Full-text search over titles and messages, best first; any text is safe to pass. */
  search(query: string, options?: { limit?: number }): SearchHit[] {
    return searchHistory(this.#reader, query, options)
  }

  /** The JSON export (versioned `ExportFileSchema`) of some conversations or all. */
  exportJson(ids: readonly string[] | 'all'): Result<ExportFile> {
    return exportConversations(this.#reader, ids, this.#now())
  }

  /** A readable Markdown export of some conversations or all. */
  exportMarkdown(ids: readonly string[] | 'all'): Result<string> {
    const file = this.exportJson(ids)
    return file.ok ? ok(toMarkdown(file.value)) : file
  }

  /**
   * Imports a JSON export (text) in a worker thread, so even a huge file never freezes the app:
   * validated there, then written in short slices that the app's own writes can go between, and
   * revealed at once at the end (all or nothing), never overwriting what is stored. One at a time.
   */
  async importJson(text: string): Promise<Result<ImportReport>> {
    if (this.info.readOnly) return readOnlyError()
    const run = () =>
      importInWorker({
        path: this.info.path,
        text,
        gate: this.#gate,
        ...(this.#maxPageCount === null ? {} : { maxPageCount: this.#maxPageCount }),
      })
    const next = this.#importRunning.then(run, run)
    this.#importRunning = next.catch(() => undefined)
    return next
  }

  /**
   * Writes an already validated export in one transaction (sync: the caller has the parsed file,
   * e.g. the benchmark's generator). Prefer `importJson` for anything from the user.
   */
  importParsed(file: ExportFile): Result<ImportReport> {
    return this.#write((db) => importExportFile(db, file))
  }

  /** `importJson` of a file on disk. */
  async importFile(path: string): Promise<Result<ImportReport>> {
    let text: string
    try {
      text = await readFile(path, 'utf8')
    } catch {
      return err('NOT_FOUND', `Hearth could not read ${path}. Check that the file exists.`)
    }
    return this.importJson(text)
  }

  // ---- backups ----

  /** Takes a backup now (at exit, before risky work). Answers the backup's path. */
  async backupNow(label = ''): Promise<Result<string>> {
    if (this.info.readOnly) return readOnlyError()
    return this.#serialBackup(() => takeBackup(this.#db, this.info.backupDir, this.#now(), label))
  }

  /** Takes the daily backup if a day has passed since the last; answers its path or null. */
  async backupIfDue(): Promise<Result<string | null>> {
    if (this.info.readOnly) return ok(null)
    return this.#serialBackup(() => takeBackupIfDue(this.#db, this.info.backupDir, this.#now()))
  }

  #serialBackup<T>(job: () => Promise<T>): Promise<T> {
    const next = this.#backupRunning.then(job, job)
    this.#backupRunning = next.catch(() => undefined)
    return next
  }

  /** Closes the file (after any backup in progress). Call once at exit, after `backupNow`. */
  async close(): Promise<void> {
    await this.#importRunning
    await this.#backupRunning
    if (this.#db.isOpen) this.#db.close()
  }
}

function isResult<T>(value: unknown): value is Result<T> {
  return (
    typeof value === 'object' &&
    value !== null &&
    'ok' in value &&
    typeof value.ok === 'boolean' &&
    ('value' in value || 'error' in value)
  )
}
