// Issue 18: an account moved between cells by the admin command while a writer keeps writing to it.
import type { IncomingMessage } from "node:http";
import { Secp256k1Keypair, verifyRepoCar } from "@putrecord/repo";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { EntrywayTokens } from "../src/auth/tokens.js";
import type { Cluster } from "../src/cluster/cluster.js";
import type { Cell } from "../src/directory/cells.js";
import { readdressSession } from "../src/proxy/readdress.js";
import { clusterUnavailableReason, readFirehose, startTestCluster, xrpc } from "./_util.js";

const POST = "app.bsky.feed.post";
const password = "move-password";
const PREFS = [{ $type: "app.bsky.actor.defs#adultContentPref", enabled: true }];

describe.skipIf(clusterUnavailableReason !== undefined)(
  `moving an account between cells (skipped: ${clusterUnavailableReason ?? "no"})`,
  () => {
    let cluster: Cluster & { dir: string };
    const admin = () => `Basic ${Buffer.from(`admin:${cluster.adminPassword}`).toString("base64")}`;

    async function signUp(name: string) {
      const made = await xrpc(cluster.url, "com.atproto.server.createAccount", {
        body: { handle: `${name}.test`, email: `${name}@example.com`, password },
      });
      expect(made.status).toBe(200);
      const session = await xrpc(cluster.url, "com.atproto.server.createSession", {
        body: { identifier: `${name}.test`, password },
      });
      const cellUrl = session.body.didDoc.service[0].serviceEndpoint as string;
      return { did: made.body.did as string, accessJwt: session.body.accessJwt as string, cellUrl };
    }

    beforeAll(async () => {
      cluster = await startTestCluster(2);
    }, 120_000);
    afterAll(() => cluster?.stop());

    test("an account moved mid-load loses no acknowledged write, and its old cell refuses writes afterwards", async () => {
      const [mover, other] = [await signUp("mover"), await signUp("stayer")];
      const cellUrls = cluster.cells.map((c) => c.url);
      expect(new Set([mover.cellUrl, other.cellUrl]).size).toBe(2);
      const oldUrl = mover.cellUrl;
      const target = cellUrls.indexOf(other.cellUrl) === 0 ? "c1" : "c2";
      const token = mover.accessJwt;

      // A blob in a record, and preferences, made before the move.
      const blob = await fetch(`${cluster.url}/xrpc/com.atproto.repo.uploadBlob`, {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "image/png" },
        body: new Uint8Array(4096).fill(7),
      }).then((r) => r.json());
      const withBlob = await xrpc(cluster.url, "com.atproto.repo.createRecord", {
        token,
        body: {
          repo: mover.did,
          collection: "app.bsky.actor.profile",
          rkey: "self",
          record: { $type: "app.bsky.actor.profile", displayName: "Mover", avatar: blob.blob },
        },
      });
      expect(withBlob.status).toBe(200);
      const prefs = await xrpc(cluster.url, "app.bsky.actor.putPreferences", {
        token,
        body: { preferences: PREFS },
      });
      expect(prefs.status).toBe(200);

      // The writer: createRecord through the entryway, one after another, every acknowledgement kept.
      const acked = new Map<string, { cid: string; rev: string }>([
        ["self", { cid: withBlob.body.cid, rev: withBlob.body.commit.rev }],
      ]);
      const refused: number[] = [];
      let stop = false;
      let n = 0;
      const writer = (async () => {
        while (!stop) {
          const res = await xrpc(cluster.url, "com.atproto.repo.createRecord", {
            token,
            body: {
              repo: mover.did,
              collection: POST,
              record: { $type: POST, text: `post ${n++}`, createdAt: new Date().toISOString() },
            },
          }).catch(() => ({ status: 0, body: undefined })); // a dropped connection counts as refused
          if (res.status !== 200) {
            refused.push(res.status);
            continue;
          }
          acked.set(res.body.uri.split("/").pop(), { cid: res.body.cid, rev: res.body.commit.rev });
        }
      })();
      const until = async (n: number) => {
        while (acked.size < n && refused.length === 0) await new Promise((r) => setTimeout(r, 10));
      };
      await until(40);

      const moved = await xrpc(cluster.url, "org.putrecord.entryway.moveAccount", {
        authorization: admin(),
        body: { account: "mover.test", cell: target },
      });
      if (moved.status !== 200) stop = true;
      expect(moved.status, JSON.stringify(moved.body)).toBe(200);
      expect(moved.body).toMatchObject({ did: mover.did, to: target, preferencesCopied: true });
      expect(moved.body.blobsCopied).toBeGreaterThanOrEqual(1);
      const atMove = acked.size;
      await until(atMove + 40);
      stop = true;
      await writer;
      // Writes waited at the entryway during the last phase; none was refused.
      expect(refused).toEqual([]);

      // The directory, the DID document and the new cell agree; the repo verifies and holds every write.
      const newUrl = cellUrls[Number(target.slice(1)) - 1]!;
      const session = await xrpc(cluster.url, "com.atproto.server.createSession", {
        body: { identifier: "mover.test", password },
      });
      expect(session.body.didDoc.service[0].serviceEndpoint).toBe(newUrl);
      const listed = await xrpc(cluster.url, "org.putrecord.entryway.listCells", { authorization: admin() });
      expect(listed.body.cells.map((c: { accounts: number }) => c.accounts)).toEqual(
        [1, 1].map((x, i) => (cellUrls[i] === newUrl ? x + 1 : x - 1)),
      );
      const described = await xrpc(newUrl, "com.atproto.repo.describeRepo", { params: { repo: mover.did } });
      expect(described.status).toBe(200);
      const signingKeyDid = `did:key:${described.body.didDoc.verificationMethod[0].publicKeyMultibase}`;
      const car = new Uint8Array(
        await (await fetch(`${newUrl}/xrpc/com.atproto.sync.getRepo?did=${mover.did}`)).arrayBuffer(),
      );
      const repo = verifyRepoCar(car, { did: mover.did, signingKeyDid });
      const stored = new Map(repo.records.map((r) => [r.rkey, r.cid.toString()]));
      expect(stored.size).toBe(acked.size);
      for (const [rkey, { cid }] of acked) expect(stored.get(rkey), rkey).toBe(cid);
      const gotBlob = await fetch(
        `${newUrl}/xrpc/com.atproto.sync.getBlob?did=${mover.did}&cid=${blob.blob.ref.$link}`,
      );
      expect(gotBlob.status).toBe(200);
      expect((await gotBlob.arrayBuffer()).byteLength).toBe(4096);
      const newPrefs = await xrpc(newUrl, "app.bsky.actor.getPreferences", { token });
      expect(newPrefs.body.preferences).toEqual(PREFS);

      // The old cell refuses the account's writes (its own token, straight at the cell) and says why.
      const direct = await xrpc(oldUrl, "com.atproto.repo.createRecord", {
        token,
        body: {
          repo: mover.did,
          collection: POST,
          record: { $type: POST, text: "late", createdAt: "2026-01-01T00:00:00Z" },
        },
      });
      expect([direct.status, direct.body.error]).toEqual([401, "AccountDeactivated"]);
      const oldStatus = await xrpc(oldUrl, "com.atproto.sync.getRepoStatus", { params: { did: mover.did } });
      expect(oldStatus.body).toMatchObject({ active: false, status: "deactivated" });
      const newStatus = await xrpc(newUrl, "com.atproto.sync.getRepoStatus", { params: { did: mover.did } });
      expect(newStatus.body).toMatchObject({ active: true });

      // The combined firehose carries every acknowledged commit of the account, from both cells, in order.
      const lastRev = [...acked.values()]
        .map((a) => a.rev)
        .sort()
        .at(-1)!;
      const events = await readFirehose(cluster.url, 0, (seen) =>
        seen.some((e) => e.repo === mover.did && e.type === "#commit" && e.rev === lastRev),
      );
      const commits = events.filter((e) => e.repo === mover.did && e.type === "#commit").map((e) => e.rev!);
      for (const { rev } of acked.values()) expect(commits).toContain(rev);
      expect(commits).toEqual([...commits].sort());
      const kinds = events.filter((e) => e.repo === mover.did).map((e) => e.type);
      expect(kinds).toContain("#sync");

      // Back to the cell it left: the copy kept there (deactivated) takes the repo again, with its old key.
      const back = await xrpc(cluster.url, "org.putrecord.entryway.moveAccount", {
        authorization: admin(),
        body: { account: mover.did, cell: target === "c1" ? "c2" : "c1" },
      });
      expect(back.status, JSON.stringify(back.body)).toBe(200);
      const after = await xrpc(cluster.url, "com.atproto.repo.createRecord", {
        token,
        body: {
          repo: mover.did,
          collection: POST,
          record: { $type: POST, text: "home", createdAt: "2026-01-02T00:00:00Z" },
        },
      });
      expect(after.status).toBe(200);
      const home = await xrpc(oldUrl, "com.atproto.repo.listRecords", {
        params: { repo: mover.did, collection: POST, limit: "100" },
      });
      expect(home.body.records.length).toBe(acked.size); // every post, and "home", but not the profile
      expect(
        (await xrpc(newUrl, "com.atproto.sync.getRepoStatus", { params: { did: mover.did } })).body,
      ).toMatchObject({ active: false });
    }, 180_000);
  },
);

describe("a session made for the account's old cell", () => {
  const tokens = new EntrywayTokens(Secp256k1Keypair.create(), "refresh-secret", "did:web:entryway.test");
  const cell = { id: "c2", did: "did:web:c2.test" } as Cell;
  const request = (token: string) => ({ headers: { authorization: `Bearer ${token}` } }) as IncomingMessage;

  test("is re-signed for its new cell with the same subject, scope and expiry", () => {
    const old = tokens.createAccess("did:plc:mover", "did:web:c1.test", "com.atproto.access");
    const req = request(old);
    readdressSession(tokens, req, cell);
    const claims = tokens.verifyAccess(req.headers.authorization!.slice(7));
    const before = tokens.verifyAccess(old);
    expect(claims).toEqual({ ...before, aud: "did:web:c2.test" });
  });

  test("passes untouched when it names the cell already, or is not this entryway's", () => {
    const current = tokens.createAccess("did:plc:mover", cell.did, "com.atproto.access");
    const other = new EntrywayTokens(Secp256k1Keypair.create(), "x", "did:web:entryway.test");
    const forged = other.createAccess("did:plc:mover", "did:web:c1.test", "com.atproto.access");
    for (const token of [current, forged, "not.a.jwt"]) {
      const req = request(token);
      readdressSession(tokens, req, cell);
      expect(req.headers.authorization).toBe(`Bearer ${token}`);
    }
  });
});
