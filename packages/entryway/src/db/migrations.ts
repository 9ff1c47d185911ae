import type { Sql } from "./sql.js";

/** A schema change, applied once, in list order. Never edit one that has shipped: append. */
export interface Migration {
  id: string;
  up: string;
}

export const migrations: Migration[] = [
  {
    // The global, low-rate state of a deployment (docs/deployment.md). Handles and emails lower-case.
    id: "001-directory",
    up: `
      CREATE TABLE cell (
        id TEXT PRIMARY KEY, url TEXT NOT NULL UNIQUE, did TEXT NOT NULL,
        accepting BOOLEAN NOT NULL DEFAULT true, accounts INTEGER NOT NULL DEFAULT 0,
        created_at TIMESTAMPTZ NOT NULL DEFAULT now()
      );
      CREATE TABLE account (
        did TEXT PRIMARY KEY, handle TEXT NOT NULL, email TEXT, password_hash TEXT NOT NULL,
        cell_id TEXT NOT NULL REFERENCES cell (id), plc_op JSONB NOT NULL,
        ready BOOLEAN NOT NULL DEFAULT false, created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
        CONSTRAINT account_handle UNIQUE (handle), CONSTRAINT account_email UNIQUE (email)
      );
      CREATE INDEX account_cell ON account (cell_id);
      CREATE TABLE app_password (
        did TEXT NOT NULL REFERENCES account (did) ON DELETE CASCADE, name TEXT NOT NULL,
        password_hash TEXT NOT NULL, privileged BOOLEAN NOT NULL, created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
        CONSTRAINT app_password_name PRIMARY KEY (did, name)
      );
      CREATE TABLE refresh_token (
        id TEXT PRIMARY KEY, did TEXT NOT NULL REFERENCES account (did) ON DELETE CASCADE,
        app_password_name TEXT, expires_at TIMESTAMPTZ NOT NULL, next_id TEXT
      );
      CREATE INDEX refresh_token_did ON refresh_token (did);
      CREATE INDEX refresh_token_next ON refresh_token (next_id);
      CREATE TABLE invite_code (
        code TEXT PRIMARY KEY, available INTEGER NOT NULL, created_at TIMESTAMPTZ NOT NULL DEFAULT now()
      );
      CREATE TABLE placement_pin (
        handle TEXT PRIMARY KEY, cell_id TEXT NOT NULL REFERENCES cell (id),
        created_at TIMESTAMPTZ NOT NULL DEFAULT now()
      );
    `,
  },
];

// Any constant: every entryway starting at once takes the same lock, so one migrates and the rest wait.
const MIGRATION_LOCK = 0x656e7472;

/** Applies the migrations not yet applied, in one transaction (PostgreSQL DDL is transactional), under a cluster-wide lock. */
export async function migrate(sql: Sql): Promise<string[]> {
  return sql.begin(async (tx) => {
    await tx`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK})`;
    await tx`CREATE TABLE IF NOT EXISTS entryway_migration (id TEXT PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())`;
    const done = new Set((await tx<{ id: string }[]>`SELECT id FROM entryway_migration`).map((r) => r.id));
    const applied: string[] = [];
    for (const migration of migrations) {
      if (done.has(migration.id)) continue;
      await tx.unsafe(migration.up);
      await tx`INSERT INTO entryway_migration (id) VALUES (${migration.id})`;
      applied.push(migration.id);
    }
    return applied;
  });
}
