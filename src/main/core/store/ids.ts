import { randomUUID } from 'node:crypto'

/** A new id for a conversation or message: a UUID, which fits the contract's IdSchema. */
export function newId(): string {
  return randomUUID()
}
