import type { ServerResponse } from 'node:http'
import type { AppError } from '../../../shared/contract/errors'

/**
 * An error as OpenAI's API answers it: `{error: {message, type, param, code}}` with an HTTP status.
 * Clients (the official `openai` package among them) read `message` and `param`, so every refusal
 * names the field it is about.
 */
export interface ApiError {
  status: number
  type: string
  message: string
  param: string | null
  code: string | null
  /** Extra response headers (Retry-After on a full queue). */
  headers?: Readonly<Record<string, string>>
}

/** A request the API refuses because of what it carries (400). */
export function invalidRequest(message: string, param: string | null, code?: string): ApiError {
  return { status: 400, type: 'invalid_request_error', message, param, code: code ?? null }
}

/** A field Hearth does not support: refused by name, never silently ignored. */
export function unsupportedField(param: string, what: string): ApiError {
  return invalidRequest(`${what} is not supported by Hearth's API server.`, param, 'unsupported')
}

/** The engine's typed error as the API's: the user's message is kept, the status says who is at fault. */
export function fromAppError(error: AppError): ApiError {
  switch (error.code) {
    case 'CONTEXT_OVERFLOW':
      // OpenAI's own code, which clients (and Hearth's remote engine) recognise.
      return invalidRequest(error.message, 'messages', 'context_length_exceeded')
    case 'INVALID_INPUT':
      return invalidRequest(error.message, 'response_format', 'invalid_value')
    case 'NO_MODEL':
    case 'BUSY':
      return {
        status: 503,
        type: 'server_error',
        message: error.message,
        param: null,
        code: 'model_not_loaded',
      }
    default:
      return { status: 500, type: 'server_error', message: error.message, param: null, code: null }
  }
}

/** The JSON body of an error. */
export function errorBody(error: ApiError): { error: Omit<ApiError, 'status' | 'headers'> } {
  return {
    error: { message: error.message, type: error.type, param: error.param, code: error.code },
  }
}

/** Answers `error` and ends the response. */
export function sendError(res: ServerResponse, error: ApiError): void {
  sendJson(res, error.status, errorBody(error), error.headers)
}

/** Answers a JSON body with `status` and ends the response. */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Readonly<Record<string, string>> = {},
): void {
  const text = JSON.stringify(body)
  res.writeHead(status, {
    ...headers,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
  })
  res.end(text)
}
