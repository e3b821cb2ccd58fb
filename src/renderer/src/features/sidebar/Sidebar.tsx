import { useConversations, useStores } from '../../stores/stores-context'
import { ConversationList } from './ConversationList'
import { ExportMenu, ImportReportView } from './ExportMenu'
import { ConversationUndoToast } from './ConversationUndoToast'
import { useHistoryWiring } from './use-history-wiring'
import { Button } from '../../ui/Button'
import { DismissibleError } from '../../ui/DismissibleError'

/** The history: new chat, search, the conversation list, export/import and the undo toast. */
export function Sidebar() {
  const stores = useStores()
  useHistoryWiring(stores)
  const error = useConversations((state) => state.error)
  const dismissError = useConversations((state) => state.dismissError)

  const newChat = () => {
    stores.chat.getState().reset()
    document.getElementById('composer-input')?.focus()
  }

  return (
    <nav className="sidebar" id="sidebar" aria-label="Conversations">
      <div className="sidebar-top">
        <Button
          variant="primary"
          className="sidebar-button"
          data-testid="new-chat"
          onClick={newChat}
        >
          New chat
        </Button>
        <Button
          className="sidebar-button"
          data-testid="search-open"
          title="Search conversations (Ctrl+K)"
          onClick={() => stores.search.getState().show()}
        >
          Search
        </Button>
      </div>
      {error && (
        <DismissibleError
          className="form-error sidebar-error"
          testId="sidebar-error"
          message={error}
          onDismiss={dismissError}
        />
      )}
      <ConversationList />
      <ImportReportView />
      <ConversationUndoToast />
      <div className="sidebar-bottom">
        <ExportMenu />
        <Button
          className="sidebar-button"
          data-testid="settings-open"
          title="Settings (Ctrl+,)"
          onClick={() => {
            stores.models.getState().closeScreen()
            stores.settings.getState().openScreen()
          }}
        >
          Settings
        </Button>
      </div>
    </nav>
  )
}
