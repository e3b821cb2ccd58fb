import { useState, type ChangeEvent } from 'react'
import type { ExportFormat } from '../../stores/conversations-store'
import { useChat, useConversations, useStores } from '../../stores/stores-context'
import { downloadText } from './download'

/** Export this conversation or all of them (Markdown or JSON), and import a JSON export. */
export function ExportMenu() {
  const { conversations } = useStores()
  const openId = useChat((state) => state.conversationId)
  const [open, setOpen] = useState(false)
  const [busy, setBusy] = useState(false)

  const exportAs = async (ids: string[] | 'all', format: ExportFormat) => {
    setBusy(true)
    const result = await conversations.getState().exportConversations(ids, format)
    setBusy(false)
    if (!result.ok) {
      conversations.setState({ error: result.error.message })
      return
    }
    downloadText(result.value.fileName, result.value.mimeType, result.value.content)
    setOpen(false)
  }

  const onFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const input = event.currentTarget
    const file = input.files?.[0]
    if (!file) return
    setBusy(true)
    const content = await file.text()
    input.value = ''
    await conversations.getState().importFile(content)
    setBusy(false)
    setOpen(false)
  }

  return (
    <div className="export-menu">
      <button
        type="button"
        className="button sidebar-button"
        data-testid="export-menu"
        aria-expanded={open}
        aria-haspopup="menu"
        onClick={() => setOpen((value) => !value)}
      >
        Export / import
      </button>
      {open && (
        <div className="menu" role="menu" aria-busy={busy}>
          <button
            type="button"
            role="menuitem"
            data-testid="export-json-current"
            disabled={openId === null || busy}
            onClick={() => openId && void exportAs([openId], 'json')}
          >
            This conversation as JSON
          </button>
          <button
            type="button"
            role="menuitem"
            data-testid="export-markdown-current"
            disabled={openId === null || busy}
            onClick={() => openId && void exportAs([openId], 'markdown')}
          >
            This conversation as Markdown
          </button>
          <button
            type="button"
            role="menuitem"
            data-testid="export-json-all"
            disabled={busy}
            onClick={() => void exportAs('all', 'json')}
          >
            All conversations as JSON
          </button>
          <button
            type="button"
            role="menuitem"
            data-testid="export-markdown-all"
            disabled={busy}
            onClick={() => void exportAs('all', 'markdown')}
          >
            All conversations as Markdown
          </button>
          <label className="menu-file" role="menuitem">
            Import a JSON export…
            <input
              type="file"
              accept="application/json,.json"
              data-testid="import-input"
              className="visually-hidden"
              disabled={busy}
              onChange={(event) => void onFile(event)}
            />
          </label>
        </div>
      )}
    </div>
  )
}

/** What the last import did, or why it failed. */
export function ImportReportView() {
  const report = useConversations((state) => state.importReport)
  const error = useConversations((state) => state.importError)
  const dismiss = useConversations((state) => state.dismissImport)
  if (!report && !error) return null
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`
  return (
    <div
      className={error ? 'import-report form-error' : 'import-report'}
      data-testid="import-report"
      data-status={error ? 'error' : 'ok'}
      role={error ? 'alert' : 'status'}
    >
      {report && (
        <p>
          Imported {plural(report.imported, 'conversation')} ({plural(report.messages, 'message')}).
          {report.renamedIds.length > 0 &&
            ` ${plural(report.renamedIds.length, 'conversation')} got a new id because the old one was taken.`}
          {report.skipped.length > 0 &&
            ` ${plural(report.skipped.length, 'conversation')} already here, skipped.`}
        </p>
      )}
      {error && <p>{error}</p>}
      <button type="button" className="link-button" onClick={dismiss}>
        Dismiss
      </button>
    </div>
  )
}
