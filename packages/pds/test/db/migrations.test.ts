import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { openDatabase } from "../../src/db/database.js";
import { migrations } from "../../src/db/migrations.js";

/** A new store file with only the first `count` migrations applied, still open. */
function storeMigratedTo(count: number): { file: string; old: Database.Database } {
  const file = join(mkdtempSync(join(tmpdir(), "pds-migrate-")), "pds.sqlite");
  const old = new Database(file);
  old.exec("CREATE TABLE migration (id TEXT PRIMARY KEY, applied_at TEXT NOT NULL)");
  for (const m of migrations.slice(0, count)) {
    old.exec(m.up);
    old.prepare("INSERT INTO migration (id, applied_at) VALUES (?, ?)").run(m.id, "2026-01-01T00:00:00Z");
  }
  return { file, old };
}

describe("openDatabase", () => {
  it("gives the connection the page cache it is asked for, 128 MB by default", () => {
    const dir = mkdtempSync(join(tmpdir(), "pds-cache-"));
    const sized = openDatabase(join(dir, "a.sqlite"), 16);
    const plain = openDatabase(join(dir, "b.sqlite"));
    expect(sized.pragma("cache_size", { simple: true })).toBe(-16 * 1024);
    expect(plain.pragma("cache_size", { simple: true })).toBe(-128 * 1024);
    sized.close();
    plain.close();
  });
});

describe("migrations", () => {
  it("move an existing store's blocks into the rowid table intact, all settled (005, 006)", () => {
    const { file, old } = storeMigratedTo(4);
    const put = old.prepare("INSERT INTO repo_block (did, cid, rev, bytes) VALUES (?, ?, ?, ?)");
    for (let i = 0; i < 50; i++)
      put.run(`did:plc:${i % 3}`, Buffer.from([1, i]), `rev${i}`, Buffer.alloc(i * 100, i));
    old.close();

    const db = openDatabase(file);
    const rows = db.prepare("SELECT did, cid, rev, bytes FROM repo_block ORDER BY rev").all() as {
      did: string;
      cid: Buffer;
      rev: string;
      bytes: Buffer;
    }[];
    expect(rows).toHaveLength(50);
    const sorted = Array.from({ length: 50 }, (_, i) => i).sort((a, b) => `rev${a}`.localeCompare(`rev${b}`));
    rows.forEach((row, n) => {
      const i = sorted[n]!;
      expect(row).toEqual({
        did: `did:plc:${i % 3}`,
        cid: Buffer.from([1, i]),
        rev: `rev${i}`,
        bytes: Buffer.alloc(i * 100, i),
      });
    });
    // (did, cid) stays unique, so storing a block twice is still a no-op.
    const again = db.prepare("INSERT OR IGNORE INTO repo_block (did, cid, rev, bytes) VALUES (?, ?, ?, ?)");
    expect(again.run("did:plc:1", Buffer.from([1, 1]), "rev99", Buffer.alloc(1)).changes).toBe(0);
    const indexes = db
      .prepare(
        "SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name IN ('repo_block', 'repo_seq')",
      )
      .pluck()
      .all();
    expect(indexes.sort()).toEqual(["repo_block_recent", "repo_block_rev", "repo_block_settled"]);
    // Blocks that were there before count as settled (006).
    expect(db.prepare("SELECT DISTINCT settled FROM repo_block").pluck().all()).toEqual([1]);
    db.close();
  });

  it("keep the firehose's events and go on numbering after the newest without AUTOINCREMENT (007)", () => {
    const { file, old } = storeMigratedTo(6);
    const put = old.prepare(
      "INSERT INTO repo_seq (did, event_type, event, sequenced_at) VALUES (?, 'commit', ?, '2026-01-01T00:00:00Z')",
    );
    for (let i = 0; i < 40; i++) put.run(`did:plc:${i % 3}`, Buffer.alloc(i * 50, i));
    old.close();

    const db = openDatabase(file);
    const rows = db.prepare("SELECT seq, did, event FROM repo_seq ORDER BY seq").all() as {
      seq: number;
      did: string;
      event: Buffer;
    }[];
    expect(rows).toEqual(
      Array.from({ length: 40 }, (_, i) => ({
        seq: i + 1,
        did: `did:plc:${i % 3}`,
        event: Buffer.alloc(i * 50, i),
      })),
    );
    const sql = db.prepare("SELECT sql FROM sqlite_schema WHERE name = 'repo_seq'").pluck().get() as string;
    expect(sql).not.toMatch(/AUTOINCREMENT/i);
    const next = db
      .prepare(
        "INSERT INTO repo_seq (did, event_type, event, sequenced_at) VALUES ('did:plc:x', 'commit', x'00', 'now')",
      )
      .run();
    expect(Number(next.lastInsertRowid)).toBe(41);
    db.close();
  });

  it("remove accounts an earlier crash left without a repo, with their credentials (008)", () => {
    const { file, old } = storeMigratedTo(7);
    const account = old.prepare(
      `INSERT INTO account (did, handle, email, password_hash, signing_key, created_at)
       VALUES (?, ?, ?, 'hash', x'01', '2026-01-01T00:00:00Z')`,
    );
    account.run("did:plc:whole", "whole.test", "whole@example.com");
    account.run("did:plc:half", "half.test", "half@example.com");
    old
      .prepare(
        "INSERT INTO repo_root (did, cid, rev, indexed_at) VALUES ('did:plc:whole', 'cid', 'rev', 'now')",
      )
      .run();
    const token = old.prepare("INSERT INTO refresh_token (id, did, expires_at) VALUES (?, ?, 0)");
    token.run("t-whole", "did:plc:whole");
    token.run("t-half", "did:plc:half");
    old.close();

    const db = openDatabase(file);
    expect(db.prepare("SELECT did FROM account").pluck().all()).toEqual(["did:plc:whole"]);
    expect(db.prepare("SELECT id FROM refresh_token").pluck().all()).toEqual(["t-whole"]);
    db.close();
  });
});
