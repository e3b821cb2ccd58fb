import type { Migration } from './migration'

/**
 * Full-text search over titles and message text. External-content FTS5 tables (the text is stored
 * once, in the real tables) kept in step by triggers, the way Signal's migration 8 does it.
 * `remove_diacritics 2` lets "cafe" find "café"; prefix indexes of 2 and 3 characters keep the
 * search-as-you-type prefix query fast (without them a 3-letter prefix merges thousands of terms).
 */
export const migration0002: Migration = {
  version: 2,
  name: 'fts',
  up(db) {
    db.exec(`
      CREATE VIRTUAL TABLE messages_fts USING fts5 (
        text, content = 'messages', content_rowid = 'seq',
        tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3'
      );
      CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages BEGIN
        INSERT INTO messages_fts (rowid, text) VALUES (new.seq, new.text);
      END;
      CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages BEGIN
        INSERT INTO messages_fts (messages_fts, rowid, text) VALUES ('delete', old.seq, old.text);
      END;
      -- Only when the text changes: finishing a reply rewrites stats, not words.
      CREATE TRIGGER messages_fts_update AFTER UPDATE OF text ON messages BEGIN
        INSERT INTO messages_fts (messages_fts, rowid, text) VALUES ('delete', old.seq, old.text);
        INSERT INTO messages_fts (rowid, text) VALUES (new.seq, new.text);
      END;

      CREATE VIRTUAL TABLE conversations_fts USING fts5 (
        title, content = 'conversations', content_rowid = 'seq',
        tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3'
      );
      CREATE TRIGGER conversations_fts_insert AFTER INSERT ON conversations BEGIN
        INSERT INTO conversations_fts (rowid, title) VALUES (new.seq, new.title);
      END;
      CREATE TRIGGER conversations_fts_delete AFTER DELETE ON conversations BEGIN
        INSERT INTO conversations_fts (conversations_fts, rowid, title)
          VALUES ('delete', old.seq, old.title);
      END;
      CREATE TRIGGER conversations_fts_update AFTER UPDATE OF title ON conversations BEGIN
        INSERT INTO conversations_fts (conversations_fts, rowid, title)
          VALUES ('delete', old.seq, old.title);
        INSERT INTO conversations_fts (rowid, title) VALUES (new.seq, new.title);
      END;

      -- Rows written at version 1 are indexed now.
      INSERT INTO messages_fts (messages_fts) VALUES ('rebuild');
      INSERT INTO conversations_fts (conversations_fts) VALUES ('rebuild');
    `)
  },
}
