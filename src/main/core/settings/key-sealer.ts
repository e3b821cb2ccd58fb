import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'
import type { SecretSealer } from './secrets'

const PREFIX = 'aes256gcm:'

/**
 * Seals secrets with AES-256-GCM under a key the shell keeps in the OS keychain (Electron's
 * safeStorage protects the key; the core, in its own process, gets it by message and never sees
 * the keychain). A value without the prefix is a plain one from headless mode or an earlier version:
 * it is read as is, and the next write seals it.
 */
export function keySealer(key: Buffer): SecretSealer {
  if (key.length !== 32) throw new Error('the secrets key must be 32 bytes')
  return {
    where: 'secrets.json, sealed with a key kept in your system keychain',
    seal(plain) {
      const iv = randomBytes(12)
      const cipher = createCipheriv('aes-256-gcm', key, iv)
      const sealed = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()])
      return `${PREFIX}${[iv, cipher.getAuthTag(), sealed].map((part) => part.toString('base64')).join(':')}`
    },
    unseal(value) {
      if (!value.startsWith(PREFIX)) return value
      const [iv, tag, sealed] = value
        .slice(PREFIX.length)
        .split(':')
        .map((part) => Buffer.from(part, 'base64'))
      if (iv === undefined || tag === undefined || sealed === undefined)
        throw new Error('damaged secret')
      const decipher = createDecipheriv('aes-256-gcm', key, iv)
      decipher.setAuthTag(tag)
      return Buffer.concat([decipher.update(sealed), decipher.final()]).toString('utf8')
    },
  }
}
