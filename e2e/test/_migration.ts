// What the migration tests need around the servers: an account's worth of content written on a PDS,
// the codes a PDS would have emailed, every firehose frame of a server, and a relay's checks of a
// #sync event.
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { crc32, deflateSync } from "node:zlib";
import { decodeCommit, type LexMap, readCar, verifyCommitSignature } from "@putrecord/repo";
import Database from "better-sqlite3";
import { WebSocket } from "ws";
import { Outbox } from "../../packages/pds/src/mail/outbox.js";
import { decodeFrame } from "../../packages/pds/src/sequencer/events.js";
import { type ReferencePds, startReferencePds } from "../../peers/launch.js";
import { type RunningPlc, startPlc } from "../../peers/launch-appview.js";
import { type Account, type Target, xrpc } from "../../peers/target.js";
import { freeLoopbackPort, START_TIMEOUT_MS, startOurPds } from "./_util.js";

/** The two servers an account moves between, both publishing to one PLC directory. */
export interface MigrationPeers {
  plc: RunningPlc;
  ref: ReferencePds & Target;
  ours: Awaited<ReturnType<typeof startOurPds>>;
  stop(): Promise<void>;
}

/** Starts the PLC, then the reference PDS and ours on it (ours on a port picked first: DIDs name it). */
export async function startMigrationPeers(): Promise<MigrationPeers> {
  const readyTimeoutMs = START_TIMEOUT_MS - 10_000;
  const plc = await startPlc({ readyTimeoutMs });
  const [refPeer, port] = await Promise.all([
    startReferencePds({ plcUrl: plc.url, readyTimeoutMs }),
    freeLoopbackPort(),
  ]);
  const ref = { name: "reference", ...refPeer };
  const ours = await startOurPds({ port, plcUrl: plc.url });
  return {
    plc,
    ref,
    ours,
    stop: async () => {
      await Promise.all([ref.stop(), ours.stop()]);
      await plc.stop();
    },
  };
}

/** A 1x1 PNG of one colour: a real image a lexicon that wants `image/*` accepts, unique per `seed`. */
export function tinyPng(seed: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, "latin1"), data]);
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body), 8 + data.length);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(1, 0);
  header.writeUInt32BE(1, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  const pixel = Buffer.from([0, seed & 255, (seed >> 8) & 255, 77]);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(pixel)),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

/** What `writeContent` wrote: every record's path and CID, and every blob's CID and bytes. */
export interface Content {
  records: Map<string, string>;
  blobs: Map<string, Buffer>;
}

/**
 * Writes `total` records through applyWrites (200 a call): a profile, `blobs` posts with an image
 * each, plain posts, likes of those posts and follows. Returns what the repo must hold.
 */
export async function writeContent(
  pds: Target,
  account: Account,
  total: number,
  blobs: number,
): Promise<Content> {
  const content: Content = { records: new Map(), blobs: new Map() };
  const createdAt = new Date().toISOString();
  const images = [];
  for (let i = 0; i < blobs; i++) {
    const bytes = tinyPng(i + 1);
    const res = await fetch(`${pds.url}/xrpc/com.atproto.repo.uploadBlob`, {
      method: "POST",
      headers: { authorization: `Bearer ${account.accessJwt}`, "content-type": "image/png" },
      body: new Uint8Array(bytes),
    });
    const { blob } = (await res.json()) as { blob: { ref: { $link: string } } };
    content.blobs.set(blob.ref.$link, bytes);
    images.push(blob);
  }
  const writes: { collection: string; value: Record<string, unknown> }[] = [
    { collection: "app.bsky.actor.profile", value: { displayName: "Moving" } },
  ];
  for (const image of images) {
    writes.push({
      collection: "app.bsky.feed.post",
      value: {
        text: "a picture",
        createdAt,
        embed: { $type: "app.bsky.embed.images", images: [{ image, alt: "" }] },
      },
    });
  }
  const posts = Math.floor((total - writes.length) / 2);
  while (writes.length < blobs + 1 + posts) {
    writes.push({ collection: "app.bsky.feed.post", value: { text: `post ${writes.length}`, createdAt } });
  }
  while (writes.length < total) {
    const subject = `did:plc:${randomBytes(15)
      .toString("hex")
      .slice(0, 24)
      .replace(/[0189]/g, "a")}`;
    writes.push({ collection: "app.bsky.graph.follow", value: { subject, createdAt } });
  }
  for (let i = 0; i < writes.length; i += 200) {
    const batch = writes.slice(i, i + 200).map((w) => ({
      $type: "com.atproto.repo.applyWrites#create",
      collection: w.collection,
      rkey: w.collection === "app.bsky.actor.profile" ? "self" : undefined,
      value: { $type: w.collection, ...w.value },
    }));
    const res = await xrpc<{ results: { uri: string; cid: string }[] }>(pds, "com.atproto.repo.applyWrites", {
      token: account.accessJwt,
      body: { repo: account.did, writes: batch },
    });
    for (const r of res.results) content.records.set(r.uri.split("/").slice(3).join("/"), r.cid);
  }
  return content;
}

/** The confirmation code the reference PDS would have emailed, read from its account database. */
export function referenceEmailCode(dataDir: string, did: string): string {
  const db = new Database(join(dataDir, "account.sqlite"), { readonly: true, fileMustExist: true });
  try {
    const row = db
      .prepare("SELECT token FROM email_token WHERE did = ? AND purpose = 'plc_operation'")
      .get(did) as { token: string } | undefined;
    if (!row) throw new Error(`no plc_operation code for ${did}`);
    return row.token;
  } finally {
    db.close();
  }
}

/** The confirmation code our PDS wrote to its outbox for `email`. */
export function ourEmailCode(dataDirectory: string, email: string): string {
  const mail = new Outbox(dataDirectory).list(email).at(-1);
  const code = mail && /code: (\S+)/.exec(mail.text)?.[1];
  if (!code) throw new Error(`no code mailed to ${email}`);
  return code;
}

/** One firehose frame: its type (`#commit`…) and body. */
export interface FirehoseEvent {
  type: string;
  body: LexMap;
}

/** Every frame a server's firehose replays from the start, once it has been quiet for `quietMs`. */
export function replayFirehose(pds: Target, quietMs = 500): Promise<FirehoseEvent[]> {
  const ws = new WebSocket(`${pds.url.replace("http", "ws")}/xrpc/com.atproto.sync.subscribeRepos?cursor=0`);
  const events: FirehoseEvent[] = [];
  return new Promise((resolve, reject) => {
    let timer = setTimeout(() => ws.close(), quietMs * 4);
    ws.on("message", (data: Buffer) => {
      const { header, body } = decodeFrame(new Uint8Array(data));
      events.push({ type: header.t ?? "error", body });
      clearTimeout(timer);
      timer = setTimeout(() => ws.close(), quietMs);
    });
    ws.on("close", () => resolve(events));
    ws.on("error", reject);
  });
}

/**
 * A relay's checks of a #sync (sync spec): the blocks hold the commit named as root, the commit is the
 * account's, its rev is the event's, and it is signed by the key the DID document names now.
 */
export function checkSyncEvent(body: LexMap, did: string, signingKey: string): { rev: string } {
  const { roots, blocks } = readCar(body.blocks as Uint8Array);
  const root = roots[0]!;
  const commit = decodeCommit({ cid: root, bytes: blocks.get(root)! });
  if (commit.did !== did) throw new Error(`#sync commit is ${commit.did}'s`);
  if (commit.rev !== body.rev)
    throw new Error(`#sync rev ${String(body.rev)} is not its commit's ${commit.rev}`);
  if (!verifyCommitSignature(commit, signingKey)) throw new Error("#sync commit not signed by the DID's key");
  return { rev: commit.rev };
}
