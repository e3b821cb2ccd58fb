/**
 * Bytes for people: "4.9 GB", "850.0 MB", "512 KB" (decimal units, as file managers and Hugging Face
 * show sizes). One function for the core's messages and the window's labels, so both say the same.
 */
export function formatBytes(bytes: number): string {
  if (bytes >= 1e9) return `${(bytes / 1e9).toFixed(1)} GB`
  if (bytes >= 1e6) return `${(bytes / 1e6).toFixed(1)} MB`
  if (bytes >= 1e3) return `${Math.round(bytes / 1e3)} KB`
  return `${bytes} B`
}
