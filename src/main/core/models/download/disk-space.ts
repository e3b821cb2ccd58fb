import { statfs } from 'node:fs/promises'

/** Bytes free for this user on the filesystem holding `dir`. */
export type DiskFree = (dir: string) => Promise<number>

export const statfsFree: DiskFree = async (dir) => {
  const s = await statfs(dir)
  return s.bavail * s.bsize
}

/** `4.9 GB`, `850 MB`, `12 KB`: decimal units, as file managers and Hugging Face show them. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1e9) return `${(bytes / 1e9).toFixed(1)} GB`
  if (bytes >= 1e6) return `${Math.round(bytes / 1e6)} MB`
  if (bytes >= 1e3) return `${Math.round(bytes / 1e3)} KB`
  return `${bytes} bytes`
}

/** The user message for a shortfall, e.g. "Not enough disk space: X needs 4.9 GB, 1.2 GB free." */
export function diskFullMessage(name: string, neededBytes: number, freeBytes: number): string {
  return (
    `Not enough disk space: ${name} needs ${formatBytes(neededBytes)}, ` +
    `${formatBytes(freeBytes)} free. Free up space and try again.`
  )
}
