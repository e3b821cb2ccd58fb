import { err, type Result } from '../../../shared/contract/result'

/** The answer of a channel whose feature is not wired into this build yet. */
export function notYet<T>(what: string): Promise<Result<T>> {
  return Promise.resolve(err('INTERNAL', `${what} is not available in this build of Hearth yet.`))
}
