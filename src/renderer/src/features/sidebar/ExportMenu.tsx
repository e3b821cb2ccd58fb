import { useState, type ChangeEvent } from 'react'
import type { ExportFormat } from '../../stores/conversations-store'
import { useChat, useConversations, useStores } from '../../stores/stores-context'
import { downloadText } from './download'
import { Button } from '../../ui/Button'
import { DismissButton } from '../../ui/DismissButton'

/** The menu's exports: the open conversation or all of them, as JSON or Markdown. */
const EXPORTS = [
  { scope: 'current', format: 'json', label: 'This conversation as JSON' },
  { scope: 'current', format: 'markdown', label: 'This conversation as Markdown' },
  { scope: 'all', format: 'json', label: 'All conversations as JSON' },
  { scope: 'all', format: 'markdown', label: 'All conversations as Markdown' },
] as const satisfies readonly { scope: 'current' | 'all'; format: ExportFormat; label: string }[]

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
      <Button
        className="sidebar-button"
        data-testid="export-menu"
        aria-expanded={open}
        aria-haspopup="menu"
        onClick={() => setOpen((value) => !value)}
      >
        Export / import
      </Button>
      {open && (
        <div className="menu" role="menu" aria-busy={busy}>
          {EXPORTS.map(({ scope, format, label }) => {
            const ids = scope === 'all' ? 'all' : openId === null ? null : [openId]
            return (
              <button
                key={`${format}-${scope}`}
                type="button"
                role="menuitem"
                data-testid={`export-${format}-${scope}`}
                disabled={ids === null || busy}
                onClick={() => ids && void exportAs(ids, format)}
              >
                {label}
              </button>
            )
          })}
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
      <DismissButton onDismiss={dismiss} />
    </div>
  )
}
