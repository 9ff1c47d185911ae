// Issue 18: an entryway and three PDS cells, each a real process, on a real PostgreSQL and NATS.
import { AtpAgent } from "@atproto/api";
import { Bluesky } from "bluesky";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Cluster } from "../src/cluster/cluster.js";
import {
  clusterUnavailableReason,
  type FirehoseEvent,
  readFirehose,
  startTestCluster,
  xrpc,
} from "./_util.js";

const PROFILE = "app.bsky.actor.profile";
const POST = "app.bsky.feed.post";
const password = "cluster-password";
const post = (text: string) => ({ $type: POST, text, createdAt: new Date().toISOString() });

describe.skipIf(clusterUnavailableReason !== undefined)(
  `entryway and cells (skipped: ${clusterUnavailableReason ?? "no"})`,
  () => {
    let cluster: Cluster & { dir: string };
    const admin = () => `Basic ${Buffer.from(`admin:${cluster.adminPassword}`).toString("base64")}`;
    const accounts: { handle: string; did: string; accessJwt: string; cellUrl: string }[] = [];

    async function signUp(name: string) {
      const made = await xrpc(cluster.url, "com.atproto.server.createAccount", {
        body: { handle: `${name}.test`, email: `${name}@example.com`, password },
      });
      expect(made.status).toBe(200);
      const session = await xrpc(cluster.url, "com.atproto.server.createSession", {
        body: { identifier: `${name}.test`, password },
      });
      expect(session.status).toBe(200);
      const cellUrl = session.body.didDoc.service[0].serviceEndpoint as string;
      const account = {
        handle: `${name}.test`,
        did: made.body.did,
        accessJwt: session.body.accessJwt,
        cellUrl,
      };
      accounts.push(account);
      return account;
    }

    beforeAll(async () => {
      cluster = await startTestCluster(3);
    }, 120_000);
    afterAll(() => cluster?.stop());

    test("accounts created through the entryway spread over the three cells, each named in its DID document", async () => {
      for (let i = 0; i < 9; i++) await signUp(`user${i}`);
      const listed = await xrpc(cluster.url, "org.putrecord.entryway.listCells", { authorization: admin() });
      expect(listed.body.cells.map((c: { accounts: number }) => c.accounts)).toEqual([3, 3, 3]);
      const cellUrls = cluster.cells.map((c) => c.url);
      for (const account of accounts) {
        expect(cellUrls).toContain(account.cellUrl);
        // The repo is on the cell its DID document names, and on no other.
        for (const url of cellUrls) {
          const status = await xrpc(url, "com.atproto.sync.getRepoStatus", { params: { did: account.did } });
          expect(status.status).toBe(url === account.cellUrl ? 200 : 400);
        }
      }
      // An admin pin wins over the load.
      const pin = await xrpc(cluster.url, "org.putrecord.entryway.pinPlacement", {
        authorization: admin(),
        body: { handle: "pinned.test", cell: "c2" },
      });
      expect(pin.status).toBe(200);
      expect((await signUp("pinned")).cellUrl).toBe(cluster.cells[1]!.url);
      accounts.pop();
    }, 120_000);

    test("the entryway answers sessions, handles and sign-up rules for every cell", async () => {
      const described = await xrpc(cluster.url, "com.atproto.server.describeServer");
      expect(described.body).toMatchObject({ did: "did:web:localhost", availableUserDomains: [".test"] });
      for (const account of accounts.slice(0, 3)) {
        const resolved = await xrpc(cluster.url, "com.atproto.identity.resolveHandle", {
          params: { handle: account.handle },
        });
        expect(resolved.body.did).toBe(account.did);
        // A cell passes what the entryway owns on to it: a client that follows the DID document still logs in.
        const viaCell = await xrpc(account.cellUrl, "com.atproto.server.createSession", {
          body: { identifier: account.handle, password },
        });
        expect(viaCell.status).toBe(200);
        expect(viaCell.body.did).toBe(account.did);
      }
      const taken = await xrpc(cluster.url, "com.atproto.server.createAccount", {
        body: { handle: accounts[0]!.handle, email: "other@example.com", password },
      });
      expect(taken.status).toBe(400);
      // A token made for one cell is refused by another.
      const [a, b] = [accounts[0]!, accounts.find((x) => x.cellUrl !== accounts[0]!.cellUrl)!];
      const wrongCell = await xrpc(b.cellUrl, "com.atproto.repo.createRecord", {
        body: { repo: a.did, collection: POST, record: post("misplaced") },
        token: a.accessJwt,
      });
      expect(wrongCell.status).toBeGreaterThanOrEqual(400);
    });

    test("app passwords, handle changes and bad input, at the entryway", async () => {
      const a = accounts[2]!;
      const made = await xrpc(cluster.url, "com.atproto.server.createAppPassword", {
        body: { name: "phone" },
        token: a.accessJwt,
      });
      expect(made.status).toBe(200);
      const appLogin = await xrpc(cluster.url, "com.atproto.server.createSession", {
        body: { identifier: a.handle, password: made.body.password },
      });
      expect(appLogin.status).toBe(200);
      // An app-password session writes, but cannot make more app passwords.
      const refused = await xrpc(cluster.url, "com.atproto.server.createAppPassword", {
        body: { name: "more" },
        token: appLogin.body.accessJwt,
      });
      expect(refused.body.error).toBe("InvalidToken");
      const listed = await xrpc(cluster.url, "com.atproto.server.listAppPasswords", { token: a.accessJwt });
      expect(listed.body.passwords.map((p: { name: string }) => p.name)).toEqual(["phone"]);
      await xrpc(cluster.url, "com.atproto.server.revokeAppPassword", {
        body: { name: "phone" },
        token: a.accessJwt,
      });
      const revoked = await xrpc(cluster.url, "com.atproto.server.refreshSession", {
        method: "POST",
        token: appLogin.body.refreshJwt,
      });
      expect(revoked.body.error).toBe("ExpiredToken");

      const renamed = await xrpc(cluster.url, "com.atproto.identity.updateHandle", {
        body: { handle: "renamed.test" },
        token: a.accessJwt,
      });
      expect(renamed.status).toBe(200);
      const resolved = await xrpc(cluster.url, "com.atproto.identity.resolveHandle", {
        params: { handle: "renamed.test" },
      });
      expect(resolved.body.did).toBe(a.did);
      const onCell = await xrpc(a.cellUrl, "com.atproto.repo.describeRepo", { params: { repo: a.did } });
      expect(onCell.body.handle).toBe("renamed.test");
      a.handle = "renamed.test";

      const badHandle = await xrpc(cluster.url, "com.atproto.server.createAccount", {
        body: { handle: "x.test", email: "x@example.com", password },
      });
      expect([badHandle.status, badHandle.body.error]).toEqual([400, "InvalidHandle"]);
      const notJson = await fetch(`${cluster.url}/xrpc/com.atproto.server.createSession`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: "{",
      });
      expect(notJson.status).toBe(400);
      const unknownRepo = await xrpc(cluster.url, "com.atproto.repo.getRecord", {
        params: { repo: "did:plc:aaaaaaaaaaaaaaaaaaaaaaaa", collection: POST, rkey: "3jzfcijpj2z2a" },
      });
      expect(unknownRepo.status).toBe(400);
      const accessAsRefresh = await xrpc(cluster.url, "com.atproto.server.refreshSession", {
        method: "POST",
        token: a.accessJwt,
      });
      expect(accessAsRefresh.body.error).toBe("InvalidToken");
    });

    test("the SDK signs up, logs in, writes and reads through the entryway as against one PDS", async () => {
      const bluesky = new Bluesky({ serverURL: cluster.url });
      const made = await bluesky.server.createAccount({
        handle: "sdk.test",
        email: "sdk@example.com",
        password,
      });
      const session = await bluesky.login({ identifier: "sdk.test", password });
      expect(session.did).toBe(made.did);
      const put = await bluesky.repo.putRecord({
        repo: made.did,
        collection: PROFILE,
        rkey: "self",
        record: { $type: PROFILE, displayName: "Through the entryway" },
      });
      expect(put.uri).toBe(`at://${made.did}/${PROFILE}/self`);
      const got = await bluesky.repo.getRecord({ repo: "sdk.test", collection: PROFILE, rkey: "self" });
      expect(got.value).toMatchObject({ displayName: "Through the entryway" });
      await bluesky.repo.createRecord({ repo: made.did, collection: POST, record: post("hello") });
      const listed = await bluesky.repo.listRecords({ repo: made.did, collection: POST });
      expect(listed.records).toHaveLength(1);
      expect((await bluesky.server.getSession()).handle).toBe("sdk.test");
      await bluesky.logout();
    });

    test("@atproto/api's AtpAgent works through the entryway (and straight at the cell its DID document names)", async () => {
      const agent = new AtpAgent({ service: cluster.url });
      await agent.createAccount({ handle: "agent.test", email: "agent@example.com", password });
      const login = await agent.login({ identifier: "agent.test", password });
      const did = login.data.did;
      // The agent follows the DID document: every later call goes to the cell.
      expect(cluster.cells.map((c) => c.url)).toContain(agent.pdsUrl?.toString().replace(/\/$/, ""));
      const put = await agent.com.atproto.repo.putRecord({
        repo: did,
        collection: PROFILE,
        rkey: "self",
        record: { $type: PROFILE, displayName: "Agent" },
      });
      const got = await agent.com.atproto.repo.getRecord({
        repo: "agent.test",
        collection: PROFILE,
        rkey: "self",
      });
      expect(got.data.cid).toBe(put.data.cid);
      const blob = await agent.com.atproto.repo.uploadBlob(new Uint8Array([1, 2, 3, 4]), {
        encoding: "image/png",
      });
      expect(blob.data.blob.size).toBe(4);
      // Refresh goes to the cell, which passes it to the entryway.
      const before = agent.session!.refreshJwt;
      await agent.sessionManager.refreshSession();
      expect(agent.session!.refreshJwt).not.toBe(before);
      const again = await agent.com.atproto.repo.createRecord({
        repo: did,
        collection: POST,
        record: post("after refresh"),
      });
      expect(again.data.uri).toContain(did);
      // The same session, through the entryway instead.
      const viaEntryway = await xrpc(cluster.url, "com.atproto.repo.getRecord", {
        params: { repo: did, collection: PROFILE, rkey: "self" },
      });
      expect(viaEntryway.body.cid).toBe(put.data.cid);
    });

    test("a cell killed with kill -9 affects only its own accounts, which come back with every acknowledged write", async () => {
      const byCell = cluster.cells.map((cell) => accounts.find((a) => a.cellUrl === cell.url)!);
      const victim = 1;
      const acked: Map<string, string[]> = new Map(byCell.map((a) => [a.did, []]));
      let refusedOnVictim = 0;
      let refusedElsewhere = 0;
      let stop = false;
      const writer = async (account: (typeof byCell)[number], cellIndex: number) => {
        for (let i = 0; !stop && i < 400; i++) {
          const res = await xrpc(cluster.url, "com.atproto.repo.createRecord", {
            body: { repo: account.did, collection: POST, record: post(`load ${i}`) },
            token: account.accessJwt,
          }).catch(() => ({ status: 0, body: undefined }));
          if (res.status === 200) acked.get(account.did)!.push(res.body.uri.split("/").pop());
          else if (cellIndex === victim) refusedOnVictim++;
          else refusedElsewhere++;
        }
      };
      const load = byCell.map((account, i) => writer(account, i));
      await new Promise((resolve) => setTimeout(resolve, 1500));
      await cluster.cells[victim]!.kill();
      await new Promise((resolve) => setTimeout(resolve, 1500));
      const ackedBeforeRestart = byCell.map((a) => acked.get(a.did)!.length);
      await cluster.cells[victim]!.start();
      stop = true;
      await Promise.all(load);
      expect(refusedElsewhere).toBe(0);
      expect(refusedOnVictim).toBeGreaterThan(0);
      expect(ackedBeforeRestart.every((n) => n > 0)).toBe(true);
      // Every acknowledged write is there after the restart, on every cell.
      for (const account of byCell) {
        const rkeys = new Set<string>();
        let cursor: string | undefined;
        do {
          const page = await xrpc(cluster.url, "com.atproto.repo.listRecords", {
            params: { repo: account.did, collection: POST, limit: "100", ...(cursor && { cursor }) },
          });
          for (const r of page.body.records) rkeys.add(r.uri.split("/").pop());
          cursor = page.body.cursor;
        } while (cursor);
        for (const rkey of acked.get(account.did)!) expect(rkeys.has(rkey)).toBe(true);
      }
    }, 120_000);

    test("one combined firehose carries every cell's commits exactly once, in order per repo", async () => {
      // What each cell's own firehose holds.
      const perCell: FirehoseEvent[] = [];
      for (const cell of cluster.cells) {
        const head = await latestSeq(cell.url);
        perCell.push(...(await readFirehose(cell.url, 0, (events) => events.at(-1)!.seq >= head)));
      }
      const commits = (events: FirehoseEvent[]) =>
        events.filter((e) => e.type === "#commit").map((e) => `${e.repo} ${e.rev}`);
      const expected = commits(perCell);
      const combined = await readFirehose(
        cluster.url,
        0,
        (events) => commits(events).length >= expected.length,
      );
      const got = commits(combined);
      expect(new Set(got).size).toBe(got.length); // no event twice
      expect(new Set(got)).toEqual(new Set(expected)); // none missing, none invented
      // One sequence over all cells, and each repo's revisions in order.
      expect(combined.map((e) => e.seq)).toEqual(combined.map((e) => e.seq).sort((x, y) => x - y));
      const lastRev = new Map<string, string>();
      for (const e of combined.filter((x) => x.type === "#commit")) {
        expect(e.rev! > (lastRev.get(e.repo) ?? "")).toBe(true);
        lastRev.set(e.repo, e.rev!);
      }
      // A cursor resumes after it.
      const resumed = await readFirehose(cluster.url, combined[9]!.seq, (events) => events.length >= 5);
      expect(resumed[0]!.seq).toBe(combined[10]!.seq);
    }, 120_000);

    test("PostgreSQL restarted under load: the entryway answers 503 meanwhile and recovers by itself", async () => {
      const account = accounts[0]!;
      const statuses: number[] = [];
      let stop = false;
      const load = (async () => {
        for (let i = 0; !stop && i < 2000; i++) {
          const login = await xrpc(cluster.url, "com.atproto.server.createSession", {
            body: { identifier: account.handle, password },
          }).catch(() => ({ status: 0 }));
          statuses.push(login.status);
          const write = await xrpc(cluster.url, "com.atproto.repo.createRecord", {
            body: { repo: account.did, collection: POST, record: post(`during restart ${i}`) },
            token: account.accessJwt,
          }).catch(() => ({ status: 0 }));
          statuses.push(write.status);
        }
      })();
      await new Promise((resolve) => setTimeout(resolve, 1000));
      await cluster.postgres.stop();
      await new Promise((resolve) => setTimeout(resolve, 2000));
      await cluster.postgres.start();
      // No restart of the entryway: its next logins succeed on their own.
      await expect
        .poll(
          async () =>
            (
              await xrpc(cluster.url, "com.atproto.server.createSession", {
                body: { identifier: account.handle, password },
              })
            ).status,
          {
            timeout: 30_000,
          },
        )
        .toBe(200);
      stop = true;
      await load;
      expect(statuses).toContain(503);
      expect(statuses.filter((s) => s !== 200 && s !== 503)).toEqual([]);
      expect(statuses.at(-1)).toBe(200);
    }, 120_000);
  },
);

async function latestSeq(url: string): Promise<number> {
  const events = await readFirehose(url, 0, () => false, 1500);
  return events.at(-1)?.seq ?? 0;
}
