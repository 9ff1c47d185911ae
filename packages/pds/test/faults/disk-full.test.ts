import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, test } from "vitest";
import { type ServerProcess, startServerProcess } from "../_server-process.js";
import { createTestAccount, getRecord, putRecord, xrpc } from "../_util.js";

// A full disk, for real: the data directory is a size-limited tmpfs (mounting needs root, as CI runs).
// The server answers 507 InsufficientStorage (an XRPC error, not a 500 or a crash), leaves no partial
// file, keeps every write it acknowledged, and serves writes again once space is freed.
const dir = mkdtempSync(join(tmpdir(), "pds-full-"));
const mountError = (() => {
  if (process.getuid?.() !== 0) return "needs root to mount a size-limited tmpfs";
  try {
    execFileSync("mount", ["-t", "tmpfs", "-o", "size=12m,mode=0700", "tmpfs", dir], { stdio: "pipe" });
    return undefined;
  } catch (err) {
    return `cannot mount a tmpfs here: ${(err as Error).message}`;
  }
})();
const servers: ServerProcess[] = [];
afterAll(async () => {
  for (const server of servers) await server.kill();
  if (mountError === undefined) execFileSync("umount", [dir]);
  rmSync(dir, { recursive: true, force: true });
});

const upload = (url: string, token: string, bytes: Uint8Array) =>
  fetch(`${url}/xrpc/com.atproto.repo.uploadBlob`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/octet-stream" },
    body: bytes,
  }).then(async (res) => ({ status: res.status, body: await res.json() }));

test.skipIf(mountError !== undefined)(
  `a full disk answers 507, loses no acknowledged write and recovers${mountError ? ` (skipped: ${mountError})` : ""}`,
  async () => {
    mkdirSync(join(dir, "data"));
    const data = join(dir, "data");
    const server = await startServerProcess(data);
    servers.push(server);
    const alice = await createTestAccount(server, "alice");

    // Blobs of 1 MB until the disk is full: each answered, the last one 507, no partial file left.
    const uploads: number[] = [];
    for (let i = 0; i < 40 && uploads.at(-1) !== 507; i++) {
      const res = await upload(server.url, alice.accessJwt, randomBytes(1024 * 1024));
      uploads.push(res.status);
      if (res.status !== 200) expect(res.body.error).toBe("InsufficientStorage");
    }
    expect(uploads.at(-1)).toBe(507);
    expect(new Set(uploads.slice(0, -1))).toEqual(new Set([200]));
    expect(readdirSync(join(data, "blocks", ".tmp"))).toEqual([]);

    // Records until the database cannot grow either: every answer a 200 or a 507.
    const acked = new Map<string, string>();
    let refused = 0;
    for (let i = 0; i < 3000 && refused < 5; i++) {
      const rkey = `r${i}`;
      const res = await putRecord(server, alice, "com.example.fill", rkey, { i, text: "x".repeat(3000) });
      if (res.status === 200) acked.set(rkey, res.body.cid);
      else {
        expect([res.status, res.body.error]).toEqual([507, "InsufficientStorage"]);
        refused++;
      }
    }
    expect(refused).toBe(5);
    expect((await xrpc(server.url, "_health")).status).toBe(200);

    // Space freed: the same server takes writes again.
    execFileSync("mount", ["-o", "remount,size=64m", dir]);
    const after = await putRecord(server, alice, "com.example.fill", "after", { text: "room again" });
    expect(after.status).toBe(200);
    acked.set("after", after.body.cid);
    expect((await upload(server.url, alice.accessJwt, randomBytes(1024))).status).toBe(200);

    // kill -9 and restart: every acknowledged write is there.
    await server.kill();
    const again = await startServerProcess(data);
    servers.push(again);
    for (const [rkey, cid] of acked) {
      expect((await getRecord(again, alice.did, "com.example.fill", rkey)).body.cid, rkey).toBe(cid);
    }
  },
  120_000,
);
