import type { MenuItemConstructorOptions } from 'electron'

/** What the application menu's own items do; the glue passes Electron calls in. */
export interface AppMenuActions {
  newConversation: () => void
  quickPrompt: () => void
  showAbout: () => void
  openLogFolder: () => void
  openSettings: () => void
}

/**
 * The native application menu as plain data: the standard roles (and so the platform's standard
 * accelerators) for Edit, View with zoom, and Window; Help with About and, when logs exist, "Open log
 * folder". On macOS the app menu comes first, as the platform expects.
 */
export function appMenuTemplate(options: {
  platform: string
  logFolderExists: boolean
  quickShortcut: string
  actions: AppMenuActions
}): MenuItemConstructorOptions[] {
  const { actions } = options
  const mac = options.platform === 'darwin'
  const file: MenuItemConstructorOptions = {
    label: 'File',
    submenu: [
      {
        label: 'New Conversation',
        accelerator: 'CommandOrControl+N',
        click: actions.newConversation,
      },
      {
        label: 'Quick Prompt',
        // Shown for reference only: the global shortcut is registered apart from the menu.
        ...(options.quickShortcut === ''
          ? {}
          : { accelerator: options.quickShortcut, registerAccelerator: false }),
        click: actions.quickPrompt,
      },
      ...(mac
        ? []
        : ([
            { type: 'separator' },
            { label: 'Settings', accelerator: 'CommandOrControl+,', click: actions.openSettings },
            { type: 'separator' },
            { role: 'quit' },
          ] satisfies MenuItemConstructorOptions[])),
    ],
  }
  const help: MenuItemConstructorOptions = {
    role: 'help',
    submenu: [
      { label: 'About Hearth', click: actions.showAbout },
      ...(options.logFolderExists
        ? ([
            { label: 'Open Log Folder', click: actions.openLogFolder },
          ] satisfies MenuItemConstructorOptions[])
        : []),
    ],
  }
  return [
    ...(mac
      ? ([
          {
            role: 'appMenu',
            submenu: [
              { label: 'About Hearth', click: actions.showAbout },
              { type: 'separator' },
              { label: 'Settings…', accelerator: 'Command+,', click: actions.openSettings },
              { type: 'separator' },
              { role: 'services' },
              { type: 'separator' },
              { role: 'hide' },
              { role: 'hideOthers' },
              { role: 'unhide' },
              { type: 'separator' },
              { role: 'quit' },
            ],
          },
        ] satisfies MenuItemConstructorOptions[])
      : []),
    file,
    { role: 'editMenu' },
    {
      label: 'View',
      submenu: [
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    { role: 'windowMenu' },
    help,
  ]
}
