import { constants } from 'node:fs'
import { open, stat } from 'node:fs/promises'
import { isAbsolute } from 'node:path'
import { err, ok, type Result } from '../../../shared/contract/result'

/** A model file that passed `checkModelFile`: an absolute path to a regular, readable file. */
export interface ModelFile {
  path: string
  sizeBytes: number
}

/**
 * The one answer for a path that is missing, not a regular file (a folder, a FIFO, a device) or
 * not readable: the user can do the same about each (pick another file), and the differences
 * would only tell a caller what exists on this disk (issue 10). It names only the path given.
 */
export function noModelFileAt(given: string): Result<never> {
  return err(
    'NOT_FOUND',
    `There is no model file Hearth can read at ${given}. Choose a .gguf file that exists and that you can open.`,
  )
}

/**
 * Checks a model path before anything reads it: absolute (a relative path would be resolved
 * against the app's working folder, which the user never chose), a regular file by `stat`, then
 * opened without blocking and checked again on the open handle, so a FIFO swapped in after the
 * `stat` is still refused instead of hanging the open until a writer appears.
 */
export async function checkModelFile(given: string): Promise<Result<ModelFile>> {
  if (!isAbsolute(given)) {
    return err(
      'INVALID_INPUT',
      'Give the full path of the model file (starting from the root of the disk), not a relative one.',
    )
  }
  try {
    if (!(await stat(given)).isFile()) return noModelFileAt(given)
    const handle = await open(given, constants.O_RDONLY | constants.O_NONBLOCK)
    try {
      const opened = await handle.stat()
      if (!opened.isFile()) return noModelFileAt(given)
      return ok({ path: given, sizeBytes: opened.size })
    } finally {
      await handle.close()
    }
  } catch {
    return noModelFileAt(given)
  }
}
