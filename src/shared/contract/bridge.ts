/**
 * What the preload exposes as `window.hearth` and what the headless WebSocket client imitates. It is
 * deliberately untyped at this level: the renderer's client adds the contract's types on top, and
 * main validates every input anyway.
 */
export interface HearthBridge {
  invoke(channel: string, input: unknown): Promise<unknown>
  /** Returns a function that removes the listener. */
  on(channel: string, listener: (payload: unknown) => void): () => void
}
