import {
  APIConnectionError,
  APIError,
  AuthenticationError,
  BadRequestError,
  NotFoundError,
  PermissionDeniedError,
} from 'openai'
import type { AppError } from '../../../../shared/contract/errors'

/** Where the failure happened, to name the endpoint and the fix in the message. */
export interface RemoteTarget {
  name: string
  baseUrl: string
  modelId: string
}

/**
 * An OpenAI-compatible server's failure as Hearth's typed error, with a message that says what to
 * do: a server that cannot be reached, a key it refuses, a model it does not have, a conversation
 * longer than its context. Anything else keeps the server's own words.
 */
export function remoteError(cause: unknown, target: RemoteTarget, midReply = false): AppError {
  const where = `${target.name} (${target.baseUrl})`
  if (cause instanceof APIConnectionError || !(cause instanceof APIError)) {
    return {
      code: 'REMOTE_UNREACHABLE',
      message: midReply
        ? `The connection to ${where} was lost in the middle of the reply; the part received is kept. Check that the server is still running, then continue or regenerate.`
        : `Hearth could not reach ${where}. Check that the server is running and the address is right, or choose "This computer" in Models.`,
    }
  }
  if (cause instanceof AuthenticationError || cause instanceof PermissionDeniedError) {
    return {
      code: 'REMOTE_UNAUTHORIZED',
      message: `${where} refused Hearth's API key (${cause.status}). Enter the endpoint's key in Models.`,
    }
  }
  if (cause instanceof NotFoundError) return noSuchModel(target)
  if (cause instanceof BadRequestError && isContextLength(cause)) {
    return {
      code: 'CONTEXT_OVERFLOW',
      message: `This conversation is longer than the context of ${where}. Start a new conversation, shorten your message, or start the server with a larger context (llama-server -c, vLLM --max-model-len).`,
    }
  }
  return {
    code: 'GENERATION_FAILED',
    message: `${where} answered with an error${cause.status === undefined ? '' : ` (${cause.status})`}: ${cause.message}`,
  }
}

/** OpenAI, vLLM and Hearth send the code; llama.cpp's server says it in the message. */
function isContextLength(error: BadRequestError): boolean {
  return (
    error.code === 'context_length_exceeded' ||
    /context (length|size|window)|exceeds? the available context|too many tokens/i.test(
      error.message,
    )
  )
}

/** The server answers but does not list (or serve) the chosen model. */
export function noSuchModel(target: RemoteTarget): AppError {
  return {
    code: 'REMOTE_NO_MODEL',
    message: `${target.name} (${target.baseUrl}) has no model "${target.modelId}". Pick one of the models it lists in Models.`,
  }
}
