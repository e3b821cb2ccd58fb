/** What the core writes to: the app log in the shells, the console or nothing in tests. */
export interface Logger {
  info(message: string, detail?: unknown): void
  error(message: string, detail?: unknown): void
  /** The folder of the log files, where there is one. */
  readonly folder?: string
}

export const consoleLogger: Logger = {
  info: (message, detail) => console.log(message, ...(detail === undefined ? [] : [detail])),
  error: (message, detail) => console.error(message, ...(detail === undefined ? [] : [detail])),
}
