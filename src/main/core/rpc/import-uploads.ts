import { err, ok, type Result } from '../../../shared/contract/result'
import { MAX_IMPORT_CHARS } from '../../../shared/contract/schemas/conversation-channels'

/** Uploads assembled at once: an import is one file at a time; a few spare for other windows. */
const MAX_UPLOADS = 4
/** An upload with no part for this long is dropped (a tab closed mid-upload). */
const STALE_MS = 10 * 60 * 1000

interface Upload {
  parts: string[]
  chars: number
  touchedAt: number
}

export interface ImportPart {
  uploadId: string
  index: number
  content: string
  last: boolean
}

/**
 * Assembles an import file sent in parts (`conversations.importPart`), so no request is larger than
 * a frame while a file may still be up to MAX_IMPORT_CHARS. Parts must come in order; a gap, a
 * file over the limit or too many uploads at once is refused and the upload dropped.
 */
export class ImportUploads {
  readonly #uploads = new Map<string, Upload>()
  readonly #now: () => number

  constructor(now: () => number = Date.now) {
    this.#now = now
  }

  /** Adds a part; answers the whole file once the last part is in, else how much has arrived. */
  add(part: ImportPart): Result<{ receivedChars: number; file: string | null }> {
    this.#dropStale()
    let upload = this.#uploads.get(part.uploadId)
    if (upload === undefined) {
      if (part.index !== 0)
        return this.#refuse(
          part.uploadId,
          'This import lost its first part. Import the file again.',
        )
      if (this.#uploads.size >= MAX_UPLOADS) {
        return err(
          'BUSY',
          'Several imports are already under way. Wait for them to finish and try again.',
        )
      }
      upload = { parts: [], chars: 0, touchedAt: this.#now() }
      this.#uploads.set(part.uploadId, upload)
    }
    if (part.index !== upload.parts.length) {
      return this.#refuse(
        part.uploadId,
        'A part of this import arrived out of order. Import the file again.',
      )
    }
    if (upload.chars + part.content.length > MAX_IMPORT_CHARS) {
      return this.#refuse(
        part.uploadId,
        'This file is larger than Hearth imports (200 million characters).',
      )
    }
    upload.parts.push(part.content)
    upload.chars += part.content.length
    upload.touchedAt = this.#now()
    if (!part.last) return ok({ receivedChars: upload.chars, file: null })
    this.#uploads.delete(part.uploadId)
    return ok({ receivedChars: upload.chars, file: upload.parts.join('') })
  }

  #refuse(uploadId: string, message: string): Result<never> {
    this.#uploads.delete(uploadId)
    return err('INVALID_INPUT', message)
  }

  #dropStale(): void {
    const now = this.#now()
    for (const [id, upload] of this.#uploads) {
      if (now - upload.touchedAt > STALE_MS) this.#uploads.delete(id)
    }
  }
}
