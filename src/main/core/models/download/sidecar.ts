import { readFile, rename, stat, unlink, writeFile } from 'node:fs/promises'
import { z } from 'zod'

/**
 * What a `.part` was downloaded from, written beside it so a later run (after a crash or a
 * SIGKILL) can continue with Range and knows which sha256 the whole file must have.
 */
const SidecarFields = {
  name: z.string(),
  repo: z.string(),
  file: z.string(),
  url: z.string(),
  etag: z.string().nullable(),
  size: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  commit: z.string().nullable(),
}

const SidecarSchema = z.object({
  version: z.literal(2),
  ...SidecarFields,
  /** The part's bytes known to be written and hashed: updated every second or 8 MiB. */
  verifiedBytes: z.number().int().nonnegative(),
})
export type Sidecar = z.infer<typeof SidecarSchema>

/**
 * Hearth before the download/ folder wrote concurrent blocks: `settled` was the part's exact
 * length after an orderly stop, or null while writes ran (up to its last 16 MiB may be a hole).
 */
const LegacySidecarSchema = z.object({
  version: z.literal(1),
  ...SidecarFields,
  settled: z.number().int().nonnegative().nullable().optional(),
})
const LEGACY_UNSETTLED_TAIL = 16 * 1024 * 1024

export const partPath = (dest: string): string => `${dest}.part`
export const sidecarPath = (dest: string): string => `${dest}.part.json`

/** The length of `dest`'s part on disk, or null when there is none. */
export async function partBytesOnDisk(dest: string): Promise<number | null> {
  return stat(partPath(dest)).then(
    (s) => s.size,
    () => null,
  )
}

/** The sidecar of `dest`, or null if there is none or it cannot be read (then start over). */
export async function readSidecar(dest: string): Promise<Sidecar | null> {
  let raw: unknown
  try {
    raw = JSON.parse(await readFile(sidecarPath(dest), 'utf8'))
  } catch {
    return null
  }
  const current = SidecarSchema.safeParse(raw)
  if (current.success) return current.data
  const legacy = LegacySidecarSchema.safeParse(raw)
  if (!legacy.success) return null
  const { settled, version: _, ...fields } = legacy.data
  const onDisk = (await partBytesOnDisk(dest)) ?? 0
  const trusted =
    typeof settled === 'number' ? settled : Math.max(0, onDisk - LEGACY_UNSETTLED_TAIL)
  return { ...fields, version: 2, verifiedBytes: trusted - (trusted % 4096) }
}

/** How much of the part a new run may continue from: what the sidecar recorded as written. */
export function resumableBytes(onDisk: number, side: Sidecar | null): number {
  return side === null ? 0 : Math.min(onDisk, side.verifiedBytes)
}

/** Written atomically (temp file + rename) so a kill mid-write never leaves half a JSON. */
export async function writeSidecar(dest: string, sidecar: Sidecar): Promise<void> {
  const tmp = `${sidecarPath(dest)}.tmp`
  await writeFile(tmp, JSON.stringify(sidecar, null, 2))
  await rename(tmp, sidecarPath(dest))
}

/** Delete the part and its sidecar: the download starts from zero next time. */
export async function removePart(dest: string): Promise<void> {
  await unlink(partPath(dest)).catch(() => undefined)
  await unlink(sidecarPath(dest)).catch(() => undefined)
}
