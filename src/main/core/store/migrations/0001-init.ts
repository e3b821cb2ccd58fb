import type { Migration } from './migration'

/**
 * The full first schema. Each table has an INTEGER PRIMARY KEY (`seq`) beside its text id because
 * the FTS5 tables of 0002 index by rowid, and only an INTEGER PRIMARY KEY rowid survives VACUUM.
 */
export const migration0001: Migration = {
  version: 1,
  name: 'init',
  up(db) {
    db.exec(`
      CREATE TABLE conversations (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        title TEXT NOT NULL DEFAULT '',
        pinned INTEGER NOT NULL DEFAULT 0 CHECK (pinned IN (0, 1)),
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        -- Soft delete: set when the user deletes, so Undo can bring it back until purged.
        deleted_at INTEGER,
        system_prompt TEXT,
        -- JSON: {"preset": name} or {"values": {...}}; NULL means the app's settings.
        sampling TEXT CHECK (sampling IS NULL OR json_valid(sampling)),
        model TEXT
      ) STRICT;

      -- The sidebar list: pinned first, then last activity. Partial, so deleted rows cost nothing.
      CREATE INDEX conversations_list
        ON conversations (pinned DESC, updated_at DESC, seq DESC) WHERE deleted_at IS NULL;
      CREATE INDEX conversations_deleted ON conversations (deleted_at) WHERE deleted_at IS NOT NULL;

      CREATE TABLE messages (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        conversation_id TEXT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
        role TEXT NOT NULL CHECK (role IN ('user', 'assistant')),
        text TEXT NOT NULL,
        -- Regenerate/edit branches: a reply's parent is the user message it answers.
        parent_id TEXT REFERENCES messages (id) ON DELETE SET NULL,
        created_at INTEGER NOT NULL,
        -- NULL on user messages and on a reply still streaming.
        finish_reason TEXT
          CHECK (finish_reason IN ('done', 'length', 'stopped', 'interrupted', 'error')),
        ttft_ms REAL,
        tokens_per_second REAL,
        token_count INTEGER
      ) STRICT;

      -- Opening a conversation reads its newest messages in insertion order.
      CREATE INDEX messages_conversation ON messages (conversation_id, seq);
      CREATE INDEX messages_parent ON messages (parent_id) WHERE parent_id IS NOT NULL;
      -- Found at start: replies a crash left unfinished.
      CREATE INDEX messages_streaming ON messages (seq)
        WHERE role = 'assistant' AND finish_reason IS NULL;
    `)
  },
}
