/**
 * Copies text to the clipboard; false when the platform refused (no permission, window not
 * focused). Message text is copied as stored: the Markdown the model wrote.
 */
export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text)
    return true
  } catch {
    return false
  }
}
