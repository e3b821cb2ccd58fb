import { lazy, Suspense, useEffect, useRef, useState } from 'react'
import type { ModelState } from '../../../../shared/contract/schemas/status'
import { useChat, useStatus, useStores } from '../../stores/stores-context'
import type { DesktopShell } from './desktop-shell'
import { writeLastQuick } from './quick-memory'
import { clipboardChip, composeQuickPrompt, type ClipboardChip } from './quick-rules'
import { useQuickConversation } from './use-quick-conversation'
import { Button } from '../../ui/Button'
import { SendButton } from '../../ui/SendButton'
import { useComposerKeys } from '../chat/composer-keys'

// The answer's rendering (Markdown, code highlighting, maths) loads once there is an answer, so an
// empty quick prompt is ready to type into sooner.
const MessageList = lazy(() =>
  import('../chat/MessageList').then((module) => ({ default: module.MessageList })),
)

/** The performance mark the benchmark reads: the composer has focus. */
const QUICK_FOCUSED_MARK = 'hearth.quick.focused'

/**
 * The quick prompt (`#/quick`): one box, the answer streamed in place with the main chat's
 * rendering. Enter sends, Esc hides the window, Ctrl/Cmd+Enter or "Continue in Hearth" opens the
 * conversation in the main view, Ctrl/Cmd+Shift+V (or the clipboard button) includes the clipboard.
 */
export function QuickPrompt({ shell }: { shell: DesktopShell }) {
  const stores = useStores()
  useQuickConversation(stores, shell)
  const draft = useChat((state) => state.draft)
  const setDraft = useChat((state) => state.setDraft)
  const send = useChat((state) => state.send)
  const stop = useChat((state) => state.stop)
  const streaming = useChat((state) => state.generation !== null)
  const conversationId = useChat((state) => state.conversationId)
  const hasMessages = useChat((state) => state.messageIds.length > 0)
  const error = useChat((state) => state.error)
  const status = useStatus((state) => state.status)
  const [chip, setChip] = useState<ClipboardChip | null>(null)
  const [clipboardError, setClipboardError] = useState<string | null>(null)
  const input = useRef<HTMLTextAreaElement>(null)

  useEffect(() => {
    input.current?.focus()
    performance.mark(QUICK_FOCUSED_MARK)
    return shell.onQuickShown(() => input.current?.focus())
  }, [shell])

  const includeClipboard = async () => {
    setClipboardError(null)
    const read = await shell.readClipboard()
    // Back to typing whatever the answer: the button took the focus.
    input.current?.focus()
    if (!read.ok) {
      setClipboardError(read.error.message)
      return
    }
    const next = clipboardChip(read.value)
    if (next === null) setClipboardError('The clipboard holds no text.')
    setChip(next)
  }
  const submit = async () => {
    if (draft.trim() === '' || streaming) return
    const text = composeQuickPrompt(draft, chip?.text ?? null)
    setChip(null)
    await send(text, { quick: true })
  }
  const continueInMain = () => {
    const id = stores.chat.getState().conversationId
    if (id !== null) writeLastQuick(window.localStorage, { conversationId: id, usedAt: Date.now() })
    shell.continueInMain(id)
  }
  const onKeyDown = useComposerKeys(
    {
      send: () => void submit(),
      escape: () => shell.hideQuick(),
      'command-enter': continueInMain,
      'paste-clipboard': () => void includeClipboard(),
    },
    shell.mac,
  )

  return (
    <section className="quick-prompt" data-testid="quick-prompt" aria-label="Quick prompt">
      <header className="quick-head">
        <span className="quick-title">Hearth</span>
        <span className="quick-status" data-testid="quick-status">
          {status === null ? 'Connecting…' : describe(status.state)}
        </span>
        <Button
          data-testid="quick-continue"
          onClick={continueInMain}
          title={`Continue in Hearth (${shell.mac ? 'Cmd' : 'Ctrl'}+Enter)`}
        >
          Continue in Hearth
        </Button>
      </header>
      {hasMessages && (
        <Suspense fallback={null}>
          <MessageList />
        </Suspense>
      )}
      {error && (
        <p className="composer-error" role="alert" data-testid="chat-error">
          {error}
        </p>
      )}
      {chip !== null && (
        <p className="quick-chip" data-testid="quick-clipboard-chip">
          <span>
            Clipboard: “{chip.firstLine}” · {chip.length.toLocaleString('en')} characters
            {chip.truncated ? ' (cut)' : ''}
          </span>
          <Button variant="link" aria-label="Leave the clipboard out" onClick={() => setChip(null)}>
            Remove
          </Button>
        </p>
      )}
      {clipboardError && (
        <p className="form-error" role="alert" data-testid="quick-clipboard-error">
          {clipboardError}
        </p>
      )}
      <form
        className="quick-composer"
        onSubmit={(event) => {
          event.preventDefault()
          void submit()
        }}
      >
        <label htmlFor="quick-input" className="visually-hidden">
          Ask Hearth
        </label>
        <textarea
          id="quick-input"
          ref={input}
          data-testid="quick-input"
          data-conversation-id={conversationId ?? undefined}
          rows={2}
          placeholder="Ask Hearth (Enter to send, Esc to hide)"
          value={draft}
          onChange={(event) => setDraft(event.target.value)}
          onKeyDown={onKeyDown}
        />
        <Button
          data-testid="quick-clipboard"
          onClick={() => void includeClipboard()}
          title={`Include the clipboard (${shell.mac ? 'Cmd' : 'Ctrl'}+Shift+V)`}
        >
          Clipboard
        </Button>
        {streaming ? (
          <Button onClick={() => void stop()}>Stop</Button>
        ) : (
          <SendButton testId="quick-send" disabled={draft.trim() === ''} />
        )}
      </form>
    </section>
  )
}

function describe(state: ModelState): string {
  switch (state) {
    case 'ready':
      return ''
    case 'loading':
      return 'The model is loading…'
    case 'no-model':
      return 'No model yet: continue in Hearth to download one.'
    case 'error':
      return 'The model could not be loaded: continue in Hearth to see why.'
    default:
      return state satisfies never
  }
}
