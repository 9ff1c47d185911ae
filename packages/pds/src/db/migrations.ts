/** A schema change, applied once, in list order. Never edit one that has shipped: append. */
export interface Migration {
  id: string;
  up: string;
}

export const migrations: Migration[] = [
  {
    // Repositories, records, blobs and the firehose log. Keys lead with the DID so each repo's rows
    // are contiguous; WITHOUT ROWID keeps lookups by key to one b-tree.
    id: "001-repo",
    up: `
      CREATE TABLE repo_root (
        did TEXT PRIMARY KEY, cid TEXT NOT NULL, rev TEXT NOT NULL, indexed_at TEXT NOT NULL
      ) WITHOUT ROWID;
      CREATE TABLE repo_block (
        did TEXT NOT NULL, cid BLOB NOT NULL, rev TEXT NOT NULL, bytes BLOB NOT NULL,
        PRIMARY KEY (did, cid)
      ) WITHOUT ROWID;
      CREATE INDEX repo_block_rev ON repo_block (did, rev);
      CREATE TABLE record (
        did TEXT NOT NULL, collection TEXT NOT NULL, rkey TEXT NOT NULL,
        cid TEXT NOT NULL, rev TEXT NOT NULL, indexed_at TEXT NOT NULL,
        PRIMARY KEY (did, collection, rkey)
      ) WITHOUT ROWID;
      CREATE TABLE blob (
        did TEXT NOT NULL, cid TEXT NOT NULL, mime_type TEXT NOT NULL, size INTEGER NOT NULL,
        temp_key TEXT, created_at TEXT NOT NULL, takedown_ref TEXT,
        PRIMARY KEY (did, cid)
      ) WITHOUT ROWID;
      CREATE TABLE record_blob (
        did TEXT NOT NULL, blob_cid TEXT NOT NULL, record_path TEXT NOT NULL,
        PRIMARY KEY (did, blob_cid, record_path)
      ) WITHOUT ROWID;
      CREATE INDEX record_blob_path ON record_blob (did, record_path);
      CREATE TABLE repo_seq (
        seq INTEGER PRIMARY KEY AUTOINCREMENT, did TEXT NOT NULL, event_type TEXT NOT NULL,
        event BLOB NOT NULL, sequenced_at TEXT NOT NULL
      );
      CREATE INDEX repo_seq_did ON repo_seq (did, seq);
    `,
  },
  {
    // Accounts hosted here. Handles and emails are stored lower-case; keys are raw secp256k1 scalars.
    id: "002-accounts",
    up: `
      CREATE TABLE account (
        did TEXT PRIMARY KEY, handle TEXT NOT NULL UNIQUE, email TEXT UNIQUE,
        password_hash TEXT NOT NULL, signing_key BLOB NOT NULL, plc_op BLOB,
        created_at TEXT NOT NULL, takedown_ref TEXT, deactivated_at TEXT
      );
      CREATE TABLE app_password (
        did TEXT NOT NULL REFERENCES account (did) ON DELETE CASCADE, name TEXT NOT NULL,
        password_hash TEXT NOT NULL, privileged INTEGER NOT NULL, created_at TEXT NOT NULL,
        PRIMARY KEY (did, name)
      );
      CREATE TABLE refresh_token (
        id TEXT PRIMARY KEY, did TEXT NOT NULL REFERENCES account (did) ON DELETE CASCADE,
        app_password_name TEXT, expires_at INTEGER NOT NULL, next_id TEXT
      );
      CREATE INDEX refresh_token_did ON refresh_token (did);
    `,
  },
  {
    id: "003-invite-codes",
    up: "CREATE TABLE invite_code (code TEXT PRIMARY KEY, available INTEGER NOT NULL, created_at TEXT NOT NULL)",
  },
  {
    // What a like, repost, follow or block points at, so createRecord can replace a duplicate.
    id: "004-backlinks",
    up: `
      CREATE TABLE backlink (
        did TEXT NOT NULL, record_path TEXT NOT NULL, link_to TEXT NOT NULL,
        PRIMARY KEY (did, record_path)
      ) WITHOUT ROWID;
      CREATE INDEX backlink_link ON backlink (did, link_to);
    `,
  },
  {
    // Fewer pages written per commit (measured: 22 → 10 WAL frames per sequential create). Blocks move
    // to a rowid table: rows sit in insertion order, so a commit's new blocks share the last pages and
    // the MST nodes it replaces (written by recent commits) sit beside them; keyed by CID, each block
    // was its own random page, and MST nodes over ~1 KB spilled to overflow pages in the WITHOUT ROWID
    // b-tree. Only the small (did, cid) index entries still land at random. repo_seq_did served no query.
    id: "005-write-locality",
    up: `
      CREATE TABLE repo_block_new (
        id INTEGER PRIMARY KEY, did TEXT NOT NULL, cid BLOB NOT NULL, rev TEXT NOT NULL, bytes BLOB NOT NULL
      );
      INSERT INTO repo_block_new (did, cid, rev, bytes) SELECT did, cid, rev, bytes FROM repo_block ORDER BY did, rev;
      DROP TABLE repo_block;
      ALTER TABLE repo_block_new RENAME TO repo_block;
      CREATE UNIQUE INDEX repo_block_cid ON repo_block (did, cid);
      CREATE INDEX repo_block_rev ON repo_block (did, rev);
      DROP INDEX repo_seq_did;
    `,
  },
  {
    // The (did, cid) index was the one part of a commit still written at random, and it grows with the
    // repo (at 100k records, 22 of a create's 34 WAL frames). Most blocks die young: every create
    // rewrites the MST nodes on its path and the next create replaces them. So new blocks are indexed
    // in a small partial index of recent rows (one or two pages), and only those still alive when the
    // recent set fills are moved, in one batch, into the index of settled rows
    // (src/store/block-table.ts). Measured WAL frames per sequential create: 19 → 13 on a new repo,
    // 34 → 16 at 100k records. Existing rows count as settled.
    id: "006-recent-blocks",
    up: `
      ALTER TABLE repo_block ADD COLUMN settled INTEGER NOT NULL DEFAULT 1;
      DROP INDEX repo_block_cid;
      CREATE UNIQUE INDEX repo_block_settled ON repo_block (did, cid) WHERE settled = 1;
      CREATE UNIQUE INDEX repo_block_recent ON repo_block (did, cid) WHERE settled = 0;
    `,
  },
  {
    // AUTOINCREMENT made every commit also rewrite sqlite_sequence's page: one WAL frame of about 13.
    // A plain rowid key hands out max(seq) + 1, the same numbers, for as long as the newest event is
    // never deleted; nothing deletes events (a future trim of the log must keep the newest row).
    id: "007-seq-rowid",
    up: `
      CREATE TABLE repo_seq_new (
        seq INTEGER PRIMARY KEY, did TEXT NOT NULL, event_type TEXT NOT NULL,
        event BLOB NOT NULL, sequenced_at TEXT NOT NULL
      );
      INSERT INTO repo_seq_new (seq, did, event_type, event, sequenced_at)
        SELECT seq, did, event_type, event, sequenced_at FROM repo_seq ORDER BY seq;
      DROP TABLE repo_seq;
      ALTER TABLE repo_seq_new RENAME TO repo_seq;
      DELETE FROM sqlite_sequence WHERE name = 'repo_seq';
    `,
  },
  {
    // createAccount committed the account row before its repo, so a crash between them left an account
    // that could log in but never write, holding its handle. Creation is one transaction now; this
    // removes what earlier versions left (their app passwords and sessions go by ON DELETE CASCADE).
    id: "008-no-half-accounts",
    up: "DELETE FROM account WHERE did NOT IN (SELECT did FROM repo_root)",
  },
  {
    // deleteSession ends the whole rotation chain of a refresh token; this finds a token's predecessors.
    id: "009-refresh-token-next",
    up: "CREATE INDEX refresh_token_next ON refresh_token (next_id)",
  },
  {
    // OAuth (src/oauth/store/): the provider's browser devices and the accounts signed in on them, the
    // clients each account approved, pending authorization requests, and token families. A family keeps
    // one row across refreshes (its token id and refresh token change in place); the refresh tokens it
    // used before point at that row, so replaying one is recognised (and ends the family).
    id: "010-oauth",
    up: `
      CREATE TABLE oauth_device (
        id TEXT PRIMARY KEY, session_id TEXT NOT NULL, user_agent TEXT, ip_address TEXT NOT NULL,
        last_seen_at INTEGER NOT NULL
      );
      CREATE TABLE oauth_device_account (
        device_id TEXT NOT NULL REFERENCES oauth_device (id) ON DELETE CASCADE,
        did TEXT NOT NULL REFERENCES account (did) ON DELETE CASCADE,
        created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL,
        PRIMARY KEY (device_id, did)
      );
      CREATE INDEX oauth_device_account_did ON oauth_device_account (did);
      CREATE TABLE oauth_authorized_client (
        did TEXT NOT NULL REFERENCES account (did) ON DELETE CASCADE, client_id TEXT NOT NULL,
        data TEXT NOT NULL, PRIMARY KEY (did, client_id)
      );
      CREATE TABLE oauth_request (
        id TEXT PRIMARY KEY, client_id TEXT NOT NULL, client_auth TEXT, parameters TEXT NOT NULL,
        expires_at INTEGER NOT NULL, device_id TEXT, did TEXT, code TEXT UNIQUE
      );
      CREATE INDEX oauth_request_expires ON oauth_request (expires_at);
      CREATE TABLE oauth_token (
        id INTEGER PRIMARY KEY, token_id TEXT NOT NULL UNIQUE,
        did TEXT NOT NULL REFERENCES account (did) ON DELETE CASCADE,
        client_id TEXT NOT NULL, client_auth TEXT NOT NULL, device_id TEXT, parameters TEXT NOT NULL,
        scope TEXT, code TEXT UNIQUE, refresh_token TEXT UNIQUE,
        created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, expires_at INTEGER NOT NULL
      );
      CREATE INDEX oauth_token_did ON oauth_token (did);
      CREATE TABLE oauth_used_refresh_token (
        refresh_token TEXT PRIMARY KEY, token INTEGER NOT NULL REFERENCES oauth_token (id) ON DELETE CASCADE
      );
      CREATE INDEX oauth_used_refresh_token_token ON oauth_used_refresh_token (token);
      CREATE TABLE oauth_lexicon (
        nsid TEXT PRIMARY KEY, uri TEXT, lexicon TEXT, created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL, last_succeeded_at INTEGER
      );
    `,
  },
  {
    // The account's private app preferences (app.bsky.actor.putPreferences), in the order put; the
    // posts and profile written since a revision, for read-after-write (only those two collections are
    // ever asked for, so likes and follows pay nothing); one-time codes sent to the account's email
    // (requestPlcOperationSignature), one live code per purpose; and a repo import's staging area
    // (importRepo reads a CAR into it as it streams in, then checks and commits it: src/write/import.ts).
    id: "011-network",
    up: `
      CREATE TABLE account_pref (
        id INTEGER PRIMARY KEY, did TEXT NOT NULL REFERENCES account (did) ON DELETE CASCADE,
        name TEXT NOT NULL, value_json TEXT NOT NULL
      );
      CREATE INDEX account_pref_did ON account_pref (did, id);
      CREATE INDEX record_read_after_write ON record (did, rev)
        WHERE collection IN ('app.bsky.feed.post', 'app.bsky.actor.profile');
      CREATE TABLE email_token (
        did TEXT NOT NULL REFERENCES account (did) ON DELETE CASCADE, purpose TEXT NOT NULL,
        token TEXT NOT NULL, requested_at INTEGER NOT NULL, PRIMARY KEY (did, purpose)
      );
      CREATE TABLE import_block (
        import_id TEXT NOT NULL, cid BLOB NOT NULL, bytes BLOB NOT NULL, reachable INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (import_id, cid)
      ) WITHOUT ROWID;
      CREATE TABLE import_record (
        import_id TEXT NOT NULL, collection TEXT NOT NULL, rkey TEXT NOT NULL, cid TEXT NOT NULL, link_to TEXT,
        PRIMARY KEY (import_id, collection, rkey)
      ) WITHOUT ROWID;
      CREATE TABLE import_blob (
        import_id TEXT NOT NULL, blob_cid TEXT NOT NULL, record_path TEXT NOT NULL,
        PRIMARY KEY (import_id, blob_cid, record_path)
      ) WITHOUT ROWID;
    `,
  },
];
