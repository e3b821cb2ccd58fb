import { readFile, rename, unlink, writeFile } from 'node:fs/promises'
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
