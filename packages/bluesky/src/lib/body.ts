/**
 * Stream bodies up to this many bytes are read into memory before the first attempt, so that a retry or
 * the attempt after a session refresh can send them again: a stream can be read only once. A longer
 * stream is sent as it comes, once.
 */
export const REPLAYABLE_STREAM_LIMIT = 32 * 1024 * 1024;

/**
 * Reads `stream` up to `limit` bytes. Resolves to its bytes when it ended within the limit; otherwise to
 * a stream that yields what was read and then the rest, which can be sent only once.
 */
export async function bufferStream(
  stream: ReadableStream<Uint8Array>,
  limit = REPLAYABLE_STREAM_LIMIT,
): Promise<Uint8Array | ReadableStream<Uint8Array>> {
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return concat(chunks, size);
    chunks.push(value);
    size += value.byteLength;
    if (size > limit) return resume(chunks, reader);
  }
}

function concat(chunks: Uint8Array[], size: number): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}

/** The chunks already read, then the rest of the reader's stream. */
function resume(
  chunks: Uint8Array[],
  reader: ReadableStreamDefaultReader<Uint8Array>,
): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const head = chunks.shift();
      if (head) return controller.enqueue(head);
      const { done, value } = await reader.read();
      if (done) controller.close();
      else controller.enqueue(value);
    },
    cancel: (reason) => reader.cancel(reason),
  });
}
