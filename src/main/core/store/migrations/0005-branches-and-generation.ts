import type { Migration } from './migration'

/**
 * Branches the user can switch, and replies that say how they were made. `active_leaf_id` is the
 * message whose newest continuation the conversation shows (NULL: its newest message, as before);
 * it is not a foreign key because a deleted message simply falls back to that default. Each reply
 * records (JSON in `generation`) the model, system prompt and sampling it was made with, and where
 * its prompt stood against the context: which older messages the model no longer saw. Root
 * messages get an index because an edited first message has siblings with no parent.
 */
export const migration0005: Migration = {
  version: 5,
  name: 'branches-and-generation',
  up(db) {
    db.exec(`
      ALTER TABLE conversations ADD COLUMN active_leaf_id TEXT;
      ALTER TABLE messages ADD COLUMN generation TEXT
        CHECK (generation IS NULL OR json_valid(generation));
      CREATE INDEX messages_roots ON messages (conversation_id, seq) WHERE parent_id IS NULL;
    `)
  },
}
