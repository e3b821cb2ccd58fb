import { z } from 'zod'
import type { DesktopEventChannel, DesktopRequestChannel } from './desktop-channel-names'
import { IdSchema } from './schemas/common'

/** The global shortcut as the shell applied it: registered, or why not (shown in Settings). */
const ShortcutStateSchema = z.object({
  /** The accelerator in force; empty when the shortcut is off. */
  accelerator: z.string().max(100),
  registered: z.boolean(),
  /** Why it could not be registered, for the user; null when registered or off. */
  error: z.string().max(500).nullable(),
})
export type ShortcutState = z.infer<typeof ShortcutStateSchema>

/** What the Electron shell tells its pages about itself (Settings, About). */
const DesktopInfoSchema = z.object({
  platform: z.string().max(32),
  shortcut: ShortcutStateSchema,
  trayAvailable: z.boolean(),
  versions: z.object({
    hearth: z.string().max(64),
    electron: z.string().max(64),
    chrome: z.string().max(64),
    node: z.string().max(64),
    nodeLlamaCpp: z.string().max(64),
    llamaCpp: z.string().max(64),
  }),
})
export type DesktopInfo = z.infer<typeof DesktopInfoSchema>

/** The quick prompt asks the shell to hide it, or to continue its conversation in the main window. */
export const DesktopQuickInputSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('hide') }).strict(),
  z.object({ action: z.literal('continue'), conversationId: IdSchema.nullable() }).strict(),
])

/** The most clipboard text the quick prompt takes (longer text is cut, and the chip says so). */
export const MAX_CLIPBOARD_CHARS = 100_000

const ClipboardOutputSchema = z.object({ text: z.string().max(MAX_CLIPBOARD_CHARS + 1) })

const NoInputSchema = z.object({}).strict()

/** One row per desktop request channel: what the shell accepts and answers inside `Result.value`. */
export const desktopRequests = {
  'desktop.info': { input: NoInputSchema, output: DesktopInfoSchema },
  'desktop.quick': { input: DesktopQuickInputSchema, output: z.null() },
  'desktop.clipboard': { input: NoInputSchema, output: ClipboardOutputSchema },
} as const satisfies Record<DesktopRequestChannel, { input: z.ZodType; output: z.ZodType }>

/** One row per desktop event channel: what the shell sends to one of its windows. */
export const desktopEvents = {
  /** The main window is asked to open a conversation (continued from the quick prompt). */
  'desktop.openConversation': z.object({ conversationId: IdSchema }),
  /** The main window is asked to start a new conversation (tray, File menu). */
  'desktop.newConversation': z.object({}),
  /** The quick prompt window was shown again: apply the "same quick conversation" rule, focus. */
  'desktop.quickShown': z.object({ at: z.number().int().nonnegative() }),
  'desktop.infoChanged': DesktopInfoSchema,
} as const satisfies Record<DesktopEventChannel, z.ZodType>
