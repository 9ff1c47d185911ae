import { readVarint } from "../bytes/varint.js";
import type { Cid } from "../cid.js";
import { type CarReadOptions, decodeCarHeader, decodeCarSection } from "./decode.js";
import { CarDecodeError } from "./errors.js";

/** Largest section the stream reader buffers; a repo block is at most ~1 MB, so a bigger length is an attack or garbage. */
export const MAX_SECTION_BYTES = 8 * 1024 * 1024;

/** A CAR being read from a stream: roots up front, blocks as they arrive. */
export interface CarStream {
  roots: Cid[];
  blocks: AsyncGenerator<[Cid, Uint8Array]>;
}

/** Buffers chunks of a byte stream and hands out exact-length pieces. */
class ChunkReader {
  #buf = new Uint8Array(0);
  #pos = 0;
  /** Absolute offset of #buf[0] in the stream, for error positions. */
  #base = 0;

  constructor(readonly source: AsyncIterator<Uint8Array>) {}

  get offset(): number {
    return this.#base + this.#pos;
  }

  /** Ensures `n` bytes are buffered; false at a clean end of stream. */
  async fill(n: number): Promise<boolean> {
    while (this.#buf.length - this.#pos < n) {
      const next = await this.source.next();
      if (next.done) return false;
      const rest = this.#buf.subarray(this.#pos);
      const merged = new Uint8Array(rest.length + next.value.length);
      merged.set(rest);
      merged.set(next.value, rest.length);
      this.#base += this.#pos;
      this.#buf = merged;
      this.#pos = 0;
    }
    return true;
  }

  /** Reads one length-prefixed chunk, or null at the end of the stream. */
  async chunk(): Promise<Uint8Array | null> {
    if (!(await this.fill(1))) return null;
    await this.fill(10);
    const start = this.offset;
    const len = readVarint(this.#buf, this.#pos);
    if (len === null) throw new CarDecodeError(start, "bad length prefix");
    if (len[0] > MAX_SECTION_BYTES)
      throw new CarDecodeError(start, `section of ${len[0]} bytes is too large`);
    this.#pos = len[1];
    if (!(await this.fill(len[0]))) throw new CarDecodeError(start, "truncated section");
    const out = this.#buf.slice(this.#pos, this.#pos + len[0]);
    this.#pos += len[0];
    return out;
  }
}

/** Opens a CAR stream: reads the header, then yields blocks one by one, hashing each unless told not to. */
export async function readCarStream(
  source: AsyncIterable<Uint8Array>,
  options: CarReadOptions = {},
): Promise<CarStream> {
  const verify = options.verifyCids ?? true;
  const reader = new ChunkReader(source[Symbol.asyncIterator]());
  const header = await reader.chunk();
  if (header === null) throw new CarDecodeError(0, "empty stream");
  const roots = decodeCarHeader(header, 0);
  async function* blocks(): AsyncGenerator<[Cid, Uint8Array]> {
    for (;;) {
      const offset = reader.offset;
      const section = await reader.chunk();
      if (section === null) return;
      yield decodeCarSection(section, offset, verify);
    }
  }
  return { roots, blocks: blocks() };
}
