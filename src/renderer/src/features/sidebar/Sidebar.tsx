import { useConversations, useStores } from '../../stores/stores-context'
import { ConversationList } from './ConversationList'
import { ExportMenu, ImportReportView } from './ExportMenu'
import { UndoToast } from './UndoToast'
import { useHistoryWiring } from './use-history-wiring'

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
        <button
          type="button"
          className="button button-primary sidebar-button"
          data-testid="new-chat"
          onClick={newChat}
        >
          New chat
        </button>
        <button
          type="button"
          className="button sidebar-button"
          data-testid="search-open"
          title="Search conversations (Ctrl+K)"
          onClick={() => stores.search.getState().show()}
        >
          Search
        </button>
      </div>
      {error && (
        <p className="form-error sidebar-error" data-testid="sidebar-error" role="alert">
          {error}{' '}
          <button type="button" className="link-button" onClick={dismissError}>
            Dismiss
          </button>
        </p>
      )}
      <ConversationList />
      <ImportReportView />
      <UndoToast />
      <div className="sidebar-bottom">
        <ExportMenu />
        <button
          type="button"
          className="button sidebar-button"
          data-testid="settings-open"
          title="Settings (Ctrl+,)"
          onClick={() => {
            stores.models.getState().closeScreen()
            stores.settings.getState().openScreen()
          }}
        >
          Settings
        </button>
      </div>
    </nav>
  )
}
