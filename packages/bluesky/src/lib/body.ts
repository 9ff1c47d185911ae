/**
 * Stream bodies up to this many bytes are read into memory before the first attempt, so that a retry or
 * the attempt after a session refresh can send them again: a stream can be read only once. A longer
 * stream is sent as it comes, once.
 */
export const REPLAYABLE_STREAM_LIMIT = 32 * 1024 * 1024;

/**
 * Reads `stream` up to `limit` bytes. Resolves to a Blob of its bytes when it ended within the limit (a
 * Blob can be sent any number of times); otherwise to a stream that yields what was read and then the
 * rest, which can be sent only once.
 */
export async function bufferStream(
  stream: ReadableStream<Uint8Array>,
  limit = REPLAYABLE_STREAM_LIMIT,
): Promise<Blob | ReadableStream<Uint8Array>> {
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    // A stream's chunks are never shared memory, which is all BlobPart's narrower type rules out.
    if (done) return new Blob(chunks as BlobPart[]);
    chunks.push(value);
    size += value.byteLength;
    if (size > limit) {
      return new ReadableStream<Uint8Array>({
        async pull(controller) {
          const next = chunks.shift() ?? (await reader.read()).value;
          if (next) controller.enqueue(next);
          else controller.close();
        },
        cancel: (reason) => reader.cancel(reason),
      });
    }
  }
}
