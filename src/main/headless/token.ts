import { randomBytes, timingSafeEqual } from 'node:crypto'

/** A fresh random token per run: 32 bytes, URL-safe. */
export function createToken(): string {
  return randomBytes(32).toString('base64url')
}

/** Compares in constant time so the token cannot be guessed byte by byte from response timing. */
export function tokensMatch(expected: string, given: string | null): boolean {
  if (given === null) return false
  const a = Buffer.from(expected)
  const b = Buffer.from(given)
  return a.length === b.length && timingSafeEqual(a, b)
}
