import { formatBytes } from '../../../../shared/format-bytes'

/** "12.3 MB/s"; an em dash while the speed is unknown. */
export function formatSpeed(bytesPerSecond: number): string {
  return bytesPerSecond > 0 ? `${formatBytes(bytesPerSecond)}/s` : '—'
}

/** "about 3 min left", "12 s left"; an em dash while unknown. */
export function formatEta(seconds: number | null): string {
  if (seconds === null) return '—'
  if (seconds < 60) return `${Math.max(0, Math.round(seconds))} s left`
  if (seconds < 3600) return `about ${Math.round(seconds / 60)} min left`
  const hours = Math.floor(seconds / 3600)
  return `about ${hours} h ${Math.round((seconds % 3600) / 60)} min left`
}
