/**
 * Reused 2 MiB buffers for downloaded bytes. Each socket read is copied into one; it travels to
 * the hashing worker and comes back once hashed. Fresh multi-megabyte allocations cost more than
 * the copy itself (the kernel maps and zeroes new pages, then unmaps them after the hash), about
 * a tenth of a second of CPU per 200 MB.
 */
export const POOL_BUFFER_SIZE = 2 * 1024 * 1024

/** How many idle buffers are kept (32 MiB); more are left to the garbage collector. */
const KEEP = 16
const idle: ArrayBuffer[] = []
const ours = new WeakSet<ArrayBuffer>()

/** A buffer of `POOL_BUFFER_SIZE` bytes (old contents: overwrite before use). */
export function takePooled(): ArrayBuffer {
  const buffer = idle.pop() ?? new ArrayBuffer(POOL_BUFFER_SIZE)
  ours.add(buffer)
  return buffer
}

/** Whether `buffer` came from `takePooled` (so it may be moved to a worker whole). */
export function isPooled(buffer: ArrayBufferLike): buffer is ArrayBuffer {
  return buffer instanceof ArrayBuffer && ours.has(buffer)
}

/** Return a buffer (for example when it comes back from the hashing worker). */
export function givePooled(buffer: ArrayBuffer): void {
  if (buffer.byteLength !== POOL_BUFFER_SIZE || buffer.detached || idle.length >= KEEP) return
  ours.add(buffer)
  idle.push(buffer)
}
