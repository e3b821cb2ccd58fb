import { readFile, rename, stat, unlink, writeFile } from 'node:fs/promises'
import { z } from 'zod'

/**
 * What a `.part` was downloaded from, written beside it so a later run (after a crash or a
 * SIGKILL) can continue with Range/If-Range and knows which sha256 the whole file must have.
 */
export const SidecarSchema = z.object({
  version: z.literal(1),
  name: z.string(),
  repo: z.string(),
  file: z.string(),
  url: z.string(),
  etag: z.string().nullable(),
  size: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  commit: z.string().nullable(),
  /**
   * The part's exact length when its writer last stopped in order (a pause, a failure, closing),
   * or null while one may be writing. Writes run concurrently, so a part left by a kill may end
   * in a hole: a later stretch landed, an earlier one did not. Absent in sidecars of older
   * versions, which wrote one block at a time, in order.
   */
  settled: z.number().int().nonnegative().nullable().optional(),
})
export type Sidecar = z.infer<typeof SidecarSchema>

export const partPath = (dest: string): string => `${dest}.part`
export const sidecarPath = (dest: string): string => `${dest}.part.json`

/** The sidecar of `dest`, or null if there is none or it cannot be read (then start over). */
export async function readSidecar(dest: string): Promise<Sidecar | null> {
  try {
    const parsed = SidecarSchema.safeParse(JSON.parse(await readFile(sidecarPath(dest), 'utf8')))
    return parsed.success ? parsed.data : null
  } catch {
    return null
  }
}

/** Written atomically (temp file + rename) so a kill mid-write never leaves half a JSON. */
export async function writeSidecar(dest: string, sidecar: Sidecar): Promise<void> {
  const tmp = `${sidecarPath(dest)}.tmp`
  await writeFile(tmp, JSON.stringify(sidecar, null, 2))
  await rename(tmp, sidecarPath(dest))
}

/** The length of `dest`'s part on disk, or null when there is none. */
export async function partBytesOnDisk(dest: string): Promise<number | null> {
  return stat(partPath(dest)).then(
    (s) => s.size,
    () => null,
  )
}

/**
 * Record the part's exact length once its writer has stopped in order, so the next run trusts
 * all of it. Nothing to do when the part is gone (verified and renamed, or discarded). Best
 * effort: without it (a full disk) the next run only trusts less of the part.
 */
export async function markSettled(dest: string, sidecar: Sidecar): Promise<void> {
  const size = await partBytesOnDisk(dest)
  if (size === null) return
  await writeSidecar(dest, { ...sidecar, settled: size }).catch(() => undefined)
}

async function removeQuietly(file: string): Promise<void> {
  await unlink(file).catch(() => undefined)
}

/** Forget the sidecar (the part it described is gone or complete). */
export async function removeSidecar(dest: string): Promise<void> {
  await removeQuietly(sidecarPath(dest))
}

/** Delete the part and its sidecar: the download starts from zero next time. */
export async function removePart(dest: string): Promise<void> {
  await removeQuietly(partPath(dest))
  await removeSidecar(dest)
}
