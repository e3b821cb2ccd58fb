import type { Migration } from './migration'

/**
 * Conversations started from the quick prompt (the global shortcut's small window) are marked, so
 * the sidebar can show where they came from. Every older conversation was started in the main
 * window: the column's default says so.
 */
export const migration0006: Migration = {
  version: 6,
  name: 'quick-conversations',
  up(db) {
    db.exec(`
      ALTER TABLE conversations ADD COLUMN quick INTEGER NOT NULL DEFAULT 0 CHECK (quick IN (0, 1));
    `)
  },
}
