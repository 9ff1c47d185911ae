// The directory's tables on a real PostgreSQL: migrations, sign-up reservations, invites, placement and
// refresh-token rotation (the PDS's semantics, ported from SQLite).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { EmailTakenError, HandleTakenError } from "@putrecord/pds/account/errors.js";
import type { SignedPlcOp } from "@putrecord/pds/account/plc.js";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  type LocalPostgres,
  postgresUnavailableReason,
  startLocalPostgres,
} from "../src/cluster/postgres.js";
import { migrate } from "../src/db/migrations.js";
import { connect, type Sql } from "../src/db/sql.js";
import type { NewDirectoryAccount } from "../src/directory/accounts.js";
import { NoCellError } from "../src/directory/errors.js";
import { Directory } from "../src/directory/index.js";
import { InvalidInviteError } from "../src/directory/invites.js";

const skip = postgresUnavailableReason();
const op = { type: "plc_operation", sig: "x" } as unknown as SignedPlcOp;

describe.skipIf(skip !== undefined)(`directory on PostgreSQL (skipped: ${skip ?? "no"})`, () => {
  let dir: string;
  let pg: LocalPostgres;
  let sql: Sql;
  let directory: Directory;
  const account = (
    name: string,
    cellId = "c1",
    extra: Partial<NewDirectoryAccount> = {},
  ): NewDirectoryAccount => ({
    did: `did:plc:${name}`,
    handle: `${name}.test`,
    email: `${name}@example.com`,
    passwordHash: "scrypt$00$00",
    cellId,
    plcOp: op,
    ...extra,
  });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "directory-"));
    pg = await startLocalPostgres(join(dir, "postgres"));
    sql = connect(pg.url);
    expect(await migrate(sql)).toEqual(["001-directory"]);
    expect(await migrate(sql)).toEqual([]); // applied once
    directory = new Directory(sql);
    await directory.cells.register(["http://localhost:1", "http://localhost:2/", "http://localhost:1"]);
  }, 60_000);
  afterAll(async () => {
    await sql?.end();
    await pg?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  test("cells register once each, as c1, c2; the least loaded accepting one is chosen, or a pinned one", async () => {
    expect(directory.cells.all().map((c) => [c.id, c.url, c.did])).toEqual([
      ["c1", "http://localhost:1", "did:web:localhost"],
      ["c2", "http://localhost:2", "did:web:localhost"],
    ]);
    await directory.accounts.reserve(account("first"));
    expect((await directory.cells.place("next.test")).id).toBe("c2");
    await directory.cells.pin("next.test", "c1");
    expect((await directory.cells.place("next.test")).id).toBe("c1");
    await directory.cells.setAccepting("c2", false);
    expect((await directory.cells.place("other.test")).id).toBe("c1");
    await directory.cells.setAccepting("c1", false);
    await expect(directory.cells.place("other.test")).rejects.toThrow(NoCellError);
    await directory.cells.setAccepting("c1", true);
    await directory.cells.setAccepting("c2", true);
  });

  test("handles and emails are unique across cells; a sign-up is invisible until ready; abandoning frees it", async () => {
    await expect(directory.accounts.reserve(account("first", "c2", { did: "did:plc:dup" }))).rejects.toThrow(
      HandleTakenError,
    );
    await expect(
      directory.accounts.reserve(account("x", "c2", { email: "first@example.com" })),
    ).rejects.toThrow(EmailTakenError);
    expect(await directory.accounts.attempt("first.test")).toBeNull();
    await directory.accounts.markReady("did:plc:first");
    expect((await directory.accounts.attempt("first.test"))?.cellId).toBe("c1");
    expect((await directory.accounts.attemptByEmail("FIRST@example.com"))?.did).toBe("did:plc:first");
    const gone = account("gone", "c2");
    await directory.accounts.reserve(gone);
    await directory.accounts.abandon(gone);
    await directory.accounts.reserve(gone);
    const counts = await directory.cells.load();
    expect(counts.map((c) => c.accounts)).toEqual([1, 1]);
  });

  test("an invite is used in the sign-up's transaction and given back when it is abandoned", async () => {
    const code = await directory.invites.create("pds.example.com", 1);
    expect(code).toMatch(/^pds-example-com-[0-9a-f]{10}$/);
    const invited = account("invited", "c1", { inviteCode: code });
    await directory.accounts.reserve(invited);
    await expect(directory.accounts.reserve(account("second", "c1", { inviteCode: code }))).rejects.toThrow(
      InvalidInviteError,
    );
    expect(await directory.accounts.attempt("second.test")).toBeNull();
    await directory.accounts.abandon(invited);
    await directory.accounts.reserve(account("second", "c1", { inviteCode: code }));
  });

  test("refresh tokens rotate to one successor within the grace period; revoking ends the whole chain", async () => {
    const tokens = directory.refreshTokens;
    await tokens.add("t1", "did:plc:first", null, new Date(Date.now() + 60_000));
    const [a, b] = await Promise.all([tokens.rotate("t1"), tokens.rotate("t1")]);
    expect(a?.nextId).toBeDefined();
    expect(b?.nextId).toBe(a?.nextId); // racing clients agree
    const next = await tokens.rotate(a!.nextId);
    expect(next).not.toBeNull();
    await tokens.revoke(a!.nextId);
    expect(await tokens.rotate("t1")).toBeNull();
    expect(await tokens.rotate(next!.nextId)).toBeNull();
    expect(await tokens.rotate("unknown")).toBeNull();
  });
});
