import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { decodeFrame } from "@putrecord/pds/sequencer/events.js";
import type { LexMap } from "@putrecord/repo";
import { WebSocket } from "ws";
import { type Cluster, startCluster } from "../src/cluster/cluster.js";
import { natsUnavailableReason } from "../src/cluster/nats.js";
import { postgresUnavailableReason } from "../src/cluster/postgres.js";

export { xrpc } from "../../pds/test/_util.js";

/** Why the cluster tests cannot run here (scripts/setup.sh installs both engines), or undefined. */
export const clusterUnavailableReason = postgresUnavailableReason() ?? natsUnavailableReason();

/** A whole local deployment in a temporary directory, on free ports; `stop` also deletes it. */
export async function startTestCluster(cells = 3): Promise<Cluster & { dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), "cluster-"));
  const cluster = await startCluster({ cells, dataDirectory: dir, port: 0, env: { LOG_LEVEL: "warn" } });
  return {
    ...cluster,
    dir,
    stop: async () => {
      await cluster.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A firehose event as a test reads it. */
export interface FirehoseEvent {
  seq: number;
  type: string;
  repo: string;
  rev?: string;
}

/**
 * Reads a subscribeRepos stream from `cursor` until `done` says it has all it needs (or the time is
 * up), then closes it.
 */
export function readFirehose(
  base: string,
  cursor: number,
  done: (events: FirehoseEvent[]) => boolean,
  timeoutMs = 30_000,
): Promise<FirehoseEvent[]> {
  const ws = new WebSocket(
    `${base.replace(/^http/, "ws")}/xrpc/com.atproto.sync.subscribeRepos?cursor=${cursor}`,
  );
  const events: FirehoseEvent[] = [];
  return new Promise((resolve, reject) => {
    const finish = () => {
      clearTimeout(timer);
      ws.close();
      resolve(events);
    };
    const timer = setTimeout(finish, timeoutMs);
    ws.on("message", (data: Buffer) => {
      const { header, body } = decodeFrame(new Uint8Array(data));
      if (header.op !== 1 || header.t === "#info") return;
      const b = body as LexMap;
      events.push({
        seq: b.seq as number,
        type: header.t!,
        repo: (b.repo ?? b.did) as string,
        rev: b.rev as string | undefined,
      });
      if (done(events)) finish();
    });
    ws.on("error", reject);
  });
}
