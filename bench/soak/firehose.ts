// The soak's firehose clients: live subscribers that must see every event once and in order, and one
// subscriber that replays the whole log (as far back as the server keeps it) every few seconds.
import { decodeFrame } from "@putrecord/pds/sequencer/events.js";
import { WebSocket } from "ws";
import type { Recorder } from "./recorder.js";

/** What the clients share: whether to go on, the highest seq seen, and the open sockets (to close). */
export interface FirehoseState {
  running: boolean;
  head: number;
  sockets: Set<WebSocket>;
}

/** Opens one subscription and feeds its frames to `onFrame` until it closes; `onFrame` may close it. */
function subscribe(
  base: string,
  cursor: number | undefined,
  state: FirehoseState,
  rec: Recorder,
  onFrame: (frame: ReturnType<typeof decodeFrame>, ws: WebSocket, bytes: number) => void,
): Promise<void> {
  const query = cursor === undefined ? "" : `?cursor=${cursor}`;
  const ws = new WebSocket(`${base.replace("http", "ws")}/xrpc/com.atproto.sync.subscribeRepos${query}`);
  state.sockets.add(ws);
  return new Promise((resolve) => {
    ws.on("message", (data: Buffer) => {
      const frame = decodeFrame(data);
      if (frame.header.op === -1)
        rec.fail("firehose", new Error(`${frame.body.error}: ${frame.body.message}`));
      else if (frame.header.t === "#info") rec.count(`info ${frame.body.name}`);
      else onFrame(frame, ws, data.length);
    });
    ws.on("error", (err) => rec.fail("firehose", err));
    ws.on("close", () => {
      state.sockets.delete(ws);
      resolve();
    });
  });
}

/** A live subscriber: counts events, bytes and any gap or repeat in seqs; resumes from its last seq if dropped. */
export async function liveSubscriber(base: string, state: FirehoseState, rec: Recorder): Promise<void> {
  let last: number | undefined;
  while (state.running) {
    await subscribe(base, last, state, rec, ({ body }, _ws, bytes) => {
      const seq = body.seq as number;
      if (last !== undefined && seq !== last + 1) rec.count("seq gaps");
      last = seq;
      state.head = Math.max(state.head, seq);
      rec.count("live events");
      rec.count("live bytes", bytes);
    });
    if (state.running) rec.count("live reconnects");
  }
}

/** Rest between two replays: a relay reconnecting now and then, not a client replaying in a loop. */
const REPLAY_PAUSE_MS = 5_000;

/** Replays from cursor 0 up to the head the live subscribers had seen when it started; then again. */
export async function replayingSubscriber(base: string, state: FirehoseState, rec: Recorder): Promise<void> {
  while (state.running) {
    const target = state.head;
    let events = 0;
    await rec.time("replay", () =>
      subscribe(base, 0, state, rec, ({ body }, ws) => {
        events++;
        if ((body.seq as number) >= target) ws.close();
      }),
    );
    rec.count("replayed events", events);
    rec.count("replays");
    for (let waited = 0; waited < REPLAY_PAUSE_MS && state.running; waited += 100) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}
