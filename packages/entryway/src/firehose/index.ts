import { jetstream, jetstreamManager } from "@nats-io/jetstream";
import { connect } from "@nats-io/transport-node";
import type { HttpApp } from "@putrecord/pds/server.js";
import type { EntrywayContext } from "../context.js";
import { combinedSubscribeRepos } from "./combined.js";
import { CellFanIn } from "./fan-in.js";
import { ensureStream } from "./stream.js";

/**
 * The combined firehose (docs/deployment.md): with ENTRYWAY_NATS_URL set, `subscribeRepos` on the
 * entryway serves the stream, and (ENTRYWAY_FAN_IN, one process per deployment) every cell's events
 * are copied into it. Without NATS there is no combined firehose: each cell's own stays.
 */
export async function startFirehose(
  ctx: EntrywayContext,
  app: HttpApp<EntrywayContext>,
): Promise<{ close(): Promise<void> }> {
  const { natsUrl, fanIn, firehose } = ctx.config;
  if (natsUrl === undefined) return { close: async () => {} };
  // Reconnects for ever: NATS restarting is an outage of the combined firehose, not of the entryway.
  const nc = await connect({ servers: natsUrl, maxReconnectAttempts: -1, reconnectTimeWait: 500 });
  const jsm = await jetstreamManager(nc);
  await ensureStream(jsm, firehose.repoBackfillLimitMs);
  const js = jetstream(nc);
  const feeds = fanIn
    ? ctx.directory.cells.all().map((cell) => new CellFanIn(cell, js, jsm, ctx.logger, ctx.copied))
    : [];
  const combined = combinedSubscribeRepos(js, jsm, {
    maxSubscribers: firehose.maxSubscribers,
    logger: ctx.logger,
  });
  app.upgrades.set("com.atproto.sync.subscribeRepos", combined);
  let closing: Promise<void> | undefined;
  return {
    close: () =>
      (closing ??= (async () => {
        await combined.close();
        await Promise.all(feeds.map((feed) => feed.stop()));
        await nc.close();
      })()),
  };
}
