import type { z } from 'zod'
import {
  isRequestChannel,
  requests,
  type ParsedRequestInput,
  type RequestChannel,
  type RequestOutput,
} from '../../../shared/contract/contract'
import { err, ok, type Result } from '../../../shared/contract/result'

/**
 * One function per request channel; each answers a Result (at once, or as a promise when it waits
 * on something) and throws only on a bug.
 */
export type Handlers = {
  [C in RequestChannel]: (
    input: ParsedRequestInput<C>,
  ) => Result<RequestOutput<C>> | Promise<Result<RequestOutput<C>>>
}

export type Dispatch = (channel: unknown, rawInput: unknown) => Promise<Result<unknown>>

export interface DispatchLogger {
  error(message: string, detail?: unknown): void
  /** Where the log is written, named in the message the user sees. */
  readonly folder?: string
}

/**
 * Binds every request channel through one function: it checks the channel name, validates the input
 * with the contract's zod schema and turns any throw into `INTERNAL`, so a malformed payload never
 * throws across the boundary and never takes main down.
 */
export function createDispatch(handlers: Handlers, logger: DispatchLogger = console): Dispatch {
  return async (rawChannel, rawInput) => {
    const checked = checkRequest(rawChannel, rawInput)
    if (!checked.ok) return checked
    const { channel, input } = checked.value
    try {
      return await runHandler(handlers, channel, input)
    } catch (cause) {
      logger.error(`Handler for ${channel} threw`, cause)
      return err(
        'INTERNAL',
        `Something went wrong in Hearth while handling ${channel}. Details are in the log${logger.folder === undefined ? '' : ` in ${logger.folder}`}.`,
      )
    }
  }
}

/**
 * A request's channel and input checked against the contract: UNKNOWN_CHANNEL or INVALID_INPUT
 * with a message for the user otherwise. A shell may check before a request crosses to the core's
 * process, so what the contract refuses never travels (issue 10).
 */
export function checkRequest(
  channel: unknown,
  rawInput: unknown,
): Result<{ channel: RequestChannel; input: ParsedRequestInput<RequestChannel> }> {
  if (!isRequestChannel(channel)) {
    return err('UNKNOWN_CHANNEL', `Hearth has no request named ${describe(channel)}.`)
  }
  const parsed = requests[channel].input.safeParse(rawInput)
  if (!parsed.success) {
    return err('INVALID_INPUT', `Invalid request to ${channel}: ${summarise(parsed.error)}`)
  }
  return ok({ channel, input: parsed.data as ParsedRequestInput<RequestChannel> })
}

function runHandler<C extends RequestChannel>(
  handlers: Handlers,
  channel: C,
  input: ParsedRequestInput<C>,
): Result<RequestOutput<C>> | Promise<Result<RequestOutput<C>>> {
  const handler = handlers[channel] as (
    input: ParsedRequestInput<C>,
  ) => Result<RequestOutput<C>> | Promise<Result<RequestOutput<C>>>
  return handler(input)
}

function describe(channel: unknown): string {
  if (typeof channel !== 'string') return `of type ${channel === null ? 'null' : typeof channel}`
  return JSON.stringify(channel.length > 60 ? `${channel.slice(0, 60)}…` : channel)
}

function summarise(error: z.ZodError): string {
  const issue = error.issues[0]
  if (!issue) return 'the input does not match the contract.'
  const where = issue.path.length > 0 ? `${issue.path.map(String).join('.')}: ` : ''
  const more = error.issues.length > 1 ? ` (and ${error.issues.length - 1} more)` : ''
  return `${where}${issue.message}${more}`
}
