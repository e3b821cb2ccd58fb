import { useEffect, useState } from 'react'
import { ChatView } from '../features/chat/ChatView'
import { FirstRunScreen } from '../features/models/FirstRunScreen'
import { ModelsScreen } from '../features/models/ModelsScreen'
import { NoModelScreen } from '../features/models/NoModelScreen'
import { AppNotices } from '../features/notices/AppNotices'
import { SearchPalette } from '../features/search/SearchPalette'
import { SettingsScreen } from '../features/settings/SettingsScreen'
import { Sidebar } from '../features/sidebar/Sidebar'
import { StatusLine } from '../features/status/StatusLine'
import {
  StoresProvider,
  useChat,
  useModels,
  useSettings,
  useStatus,
  useStores,
  type Stores,
} from '../stores/stores-context'
import { ErrorBanner } from '../ui/ErrorBanner'
import { ScreenBoundary } from './ScreenBoundary'
import { connectStores } from '../stores/connect-stores'
import { useAppShortcuts } from './use-app-shortcuts'
import { useTheme } from './use-theme'
import { createDesktopShell, type DesktopShell } from '../features/quick/desktop-shell'
import { useDesktopEvents } from '../features/quick/use-desktop-events'
import { Button } from '../ui/Button'

// Tests render App without a shell: the browser's, which listens to nothing.
const browserlessShell = createDesktopShell(null)

/** The whole window for one set of stores; `shell` is the desktop around it (Electron or a tab). */
export function App({ stores, shell }: { stores: Stores; shell?: DesktopShell }) {
  return (
    <StoresProvider stores={stores}>
      <Shell shell={shell ?? browserlessShell} />
    </StoresProvider>
  )
}

function Shell({ shell }: { shell: DesktopShell }) {
  const stores = useStores()
  useDesktopEvents(stores, shell)
  useEffect(() => connectStores(stores, 'main'), [stores])

  const status = useStatus((state) => state.status)
  const connected = useStatus((state) => state.connected)
  const statusError = useStatus((state) => state.error)
  const engine = useStatus((state) => state.engine)
  const engineDown = engine !== null && engine.state !== 'running'
  useAppShortcuts(stores)
  useTheme()
  const settingsOpen = useSettings((state) => state.screenOpen)
  const modelsOpen = useModels((state) => state.screenOpen)
  const firstRunBusy = useModels((state) => state.firstRunBusy)
  // The first-run screen stays up while the model it fetched loads, then the chat opens.
  const firstRun = status?.state === 'no-model' || (status?.state === 'loading' && firstRunBusy)
  const screen = settingsOpen ? 'settings' : modelsOpen ? 'models' : 'chat'
  // In a narrow window the conversations slide over the chat. They stay open only for the view
  // they were opened over: choosing a conversation, a new chat, Settings or Models puts them away.
  const conversationId = useChat((state) => state.conversationId)
  const shownView = `${conversationId ?? 'new'}:${settingsOpen}:${modelsOpen}`
  const [navOpenOver, setNavOpenOver] = useState<string | null>(null)
  const navOpen = navOpenOver === shownView
  const setNavOpen = (open: boolean) => setNavOpenOver(open ? shownView : null)

  return (
    <div className="app">
      {!connected && (
        <ErrorBanner message="Lost the connection to Hearth. Reconnecting… Check that Hearth is still running." />
      )}
      {connected && engineDown && (
        <ErrorBanner message={engine.message ?? 'The engine stopped unexpectedly; restarting.'} />
      )}
      {connected && !engineDown && statusError && <ErrorBanner message={statusError} />}
      <AppNotices />
      <div className="narrow-bar">
        <Button
          data-testid="nav-toggle"
          aria-expanded={navOpen}
          aria-controls="sidebar"
          onClick={() => setNavOpen(!navOpen)}
        >
          {navOpen ? 'Close conversations' : 'Conversations'}
        </Button>
      </div>
      <div className="app-body" data-nav-open={navOpen ? 'true' : 'false'}>
        <ScreenBoundary label="The conversation list">
          <Sidebar />
        </ScreenBoundary>
        <main className="app-main">
          <ScreenBoundary label="This screen" resetKey={`${screen}:${conversationId ?? ''}`}>
            {settingsOpen ? (
              <SettingsScreen />
            ) : modelsOpen ? (
              <ModelsScreen />
            ) : firstRun ? (
              <FirstRunScreen status={status} />
            ) : status?.state === 'error' ? (
              <NoModelScreen status={status} />
            ) : (
              <ChatView />
            )}
          </ScreenBoundary>
        </main>
      </div>
      <SearchPalette />
      <StatusLine />
    </div>
  )
}

/** Shown instead of the app when no transport can be built (headless page opened without its token). */
export function FatalScreen({ message }: { message: string }) {
  return (
    <div className="app">
      <main className="center-screen">
        <ErrorBanner message={message} />
      </main>
    </div>
  )
}
