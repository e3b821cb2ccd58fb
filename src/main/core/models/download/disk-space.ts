import { statfs } from 'node:fs/promises'
import { formatBytes } from '../../../../shared/format-bytes'

/** Bytes free for this user on the filesystem holding `dir`. */
export type DiskFree = (dir: string) => Promise<number>

export const statfsFree: DiskFree = async (dir) => {
  const s = await statfs(dir)
  return s.bavail * s.bsize
}

/** The user message for a shortfall, e.g. "Not enough disk space: X needs 4.9 GB, 1.2 GB free." */
export function diskFullMessage(name: string, neededBytes: number, freeBytes: number): string {
  return (
    `Not enough disk space: ${name} needs ${formatBytes(neededBytes)}, ` +
    `${formatBytes(freeBytes)} free. Free up space and try again.`
  )
}
