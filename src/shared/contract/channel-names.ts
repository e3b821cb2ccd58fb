/**
 * The contract's channel names, with no schemas attached: the sandboxed preload imports only this
 * list (it cannot load zod), and `contract.ts` is checked to cover exactly these names.
 */
export const REQUEST_CHANNELS = [
  'app.status',
  'app.notices',
  'app.engineProcess',
  'settings.get',
  'settings.update',
  'chat.send',
  'chat.stop',
  'chat.regenerate',
  'chat.continue',
  'chat.edit',
  'chat.prepare',
  'conversations.list',
  'conversations.get',
  'conversations.create',
  'conversations.rename',
  'conversations.setPinned',
  'conversations.delete',
  'conversations.restore',
  'conversations.updateSettings',
  'conversations.switchBranch',
  'conversations.deleteMessage',
  'conversations.restoreMessages',
  'conversations.search',
  'conversations.export',
  'conversations.import',
  'conversations.importPart',
  'models.catalogue',
  'models.fit',
  'models.download',
  'models.pause',
  'models.resume',
  'models.cancel',
  'models.downloads',
  'models.installed',
  'models.addLocal',
  'models.activate',
  'models.delete',
  'api.status',
  'api.key',
  'api.regenerateKey',
  'api.stop',
  'remote.models',
  'remote.setKey',
] as const

export const EVENT_CHANNELS = [
  'app.statusChanged',
  'app.engineProcess',
  'chat.delta',
  'chat.done',
  'conversations.changed',
  'models.downloadChanged',
  'api.changed',
] as const

export type RequestChannel = (typeof REQUEST_CHANNELS)[number]
export type EventChannel = (typeof EVENT_CHANNELS)[number]

/** Whether a name from the wire is one of `names` (a channel of that list). */
export function nameIn<const Names extends readonly string[]>(
  names: Names,
): (name: unknown) => name is Names[number] {
  const known: ReadonlySet<string> = new Set(names)
  return (name: unknown): name is Names[number] => typeof name === 'string' && known.has(name)
}

export const isRequestChannel = nameIn(REQUEST_CHANNELS)
export const isEventChannel = nameIn(EVENT_CHANNELS)
