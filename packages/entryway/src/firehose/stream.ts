import { DiscardPolicy, type JetStreamManager, RetentionPolicy, StorageType } from "@nats-io/jetstream";

/** The JetStream stream holding every cell's firehose events, one subject per cell. */
export const STREAM = "FIREHOSE";
/** A cell's subject: `firehose.<cell id>`. */
export const cellSubject = (cellId: string): string => `firehose.${cellId}`;
/** Header naming the event's seq on its cell: the fan-in's durable cursor is the last one stored. */
export const CELL_SEQ_HEADER = "Cell-Seq";
/** The largest frame the stream takes: a commit is at most 2 MB (the PDS's limit) plus its envelope. */
export const MAX_FRAME_BYTES = 4 * 1024 * 1024;
/** How long JetStream remembers a message id to drop a duplicate publish (its default, made explicit). */
export const DUPLICATE_WINDOW_MS = 2 * 60_000;

/**
 * Creates the stream, or updates its limits: file storage, events kept as long as cells keep theirs
 * (PDS_REPO_BACKFILL_LIMIT_MS), then dropped oldest first.
 */
export async function ensureStream(jsm: JetStreamManager, maxAgeMs: number): Promise<void> {
  const config = {
    name: STREAM,
    subjects: ["firehose.>"],
    storage: StorageType.File,
    retention: RetentionPolicy.Limits,
    discard: DiscardPolicy.Old,
    max_age: maxAgeMs * 1_000_000,
    max_msg_size: MAX_FRAME_BYTES,
    duplicate_window: DUPLICATE_WINDOW_MS * 1_000_000,
  };
  const exists = await jsm.streams.info(STREAM).then(
    () => true,
    () => false,
  );
  if (exists) await jsm.streams.update(STREAM, config);
  else await jsm.streams.add(config);
}
