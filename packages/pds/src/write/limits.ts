/** The most writes one commit may carry (the lexicon's and the reference's limit). */
export const MAX_WRITES_PER_COMMIT = 200;
/** The largest firehose event a commit may produce, in block bytes (the sync spec's limit). */
export const MAX_EVENT_BLOCK_BYTES = 2_000_000;
