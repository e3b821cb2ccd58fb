// pino-roll ships no types; this is the part of its API that app-log.ts uses (README: build(options)).
declare module 'pino-roll' {
  import type { DestinationStream } from 'pino'
  interface PinoRollOptions {
    file: string
    size?: string | number
    limit?: { count?: number; removeOtherLogFiles?: boolean }
    mkdir?: boolean
    sync?: boolean
  }
  const build: (
    options: PinoRollOptions,
  ) => Promise<DestinationStream & NodeJS.EventEmitter & { end(): void }>
  export = build
}
