import type { Migration } from './migration'

/**
 * Search-as-you-type queries the last word as a prefix. Without a prefix index of that length,
 * FTS5 merges the doclists of every word starting with it on each search; when the prefix is
 * itself a very common word (6 letters, typed in full) that merge, and bm25's pass over it, cost
 * most of a search of 100,000 messages. Prefix indexes of 2 to 6 characters cover the words people
 * type; longer prefixes match few words. The message index is rebuilt with them (a few seconds for
 * a big history, once); the text itself is untouched.
 */
export const migration0003: Migration = {
  version: 3,
  name: 'fts-prefix',
  up(db) {
    db.exec(`
      DROP TRIGGER messages_fts_insert;
      DROP TRIGGER messages_fts_delete;
      DROP TRIGGER messages_fts_update;
      DROP TABLE messages_fts;

      CREATE VIRTUAL TABLE messages_fts USING fts5 (
        text, content = 'messages', content_rowid = 'seq',
        tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3 4 5 6'
      );
      CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages BEGIN
        INSERT INTO messages_fts (rowid, text) VALUES (new.seq, new.text);
      END;
      CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages BEGIN
        INSERT INTO messages_fts (messages_fts, rowid, text) VALUES ('delete', old.seq, old.text);
      END;
      CREATE TRIGGER messages_fts_update AFTER UPDATE OF text ON messages BEGIN
        INSERT INTO messages_fts (messages_fts, rowid, text) VALUES ('delete', old.seq, old.text);
        INSERT INTO messages_fts (rowid, text) VALUES (new.seq, new.text);
      END;

      INSERT INTO messages_fts (messages_fts) VALUES ('rebuild');
    `)
  },
}
