import { readVarint } from "../bytes/varint.js";
import * as CBOR from "../cbor/index.js";
import { Cid, matchesCid } from "../cid.js";
import { CidMismatchError, RepoError } from "../errors.js";
import { BlockMap } from "../storage/block-map.js";
import { CarDecodeError } from "./errors.js";

/** Whether to hash every block against its CID (on by default; off only for trusted input). */
export interface CarReadOptions {
  verifyCids?: boolean;
}

/** A CAR file read into memory. */
export interface CarFile {
  roots: Cid[];
  blocks: BlockMap;
}

/** Parses a CAR header's CBOR; throws CarDecodeError. */
export function decodeCarHeader(bytes: Uint8Array, offset: number): Cid[] {
  let header: unknown;
  try {
    header = CBOR.decode(bytes);
  } catch (err) {
    throw new CarDecodeError(offset, `bad header (${(err as Error).message})`);
  }
  const { version, roots } = (header ?? {}) as { version?: unknown; roots?: unknown };
  if (version !== 1) throw new CarDecodeError(offset, "header version must be 1");
  if (!Array.isArray(roots) || !roots.every((r) => r instanceof Cid)) {
    throw new CarDecodeError(offset, "header roots must be a list of links");
  }
  return roots as Cid[];
}

/** Splits one section (CID + block bytes); throws CarDecodeError, or CidMismatchError when verifying. */
export function decodeCarSection(section: Uint8Array, offset: number, verify: boolean): [Cid, Uint8Array] {
  let cid: Cid;
  let used: number;
  try {
    [cid, used] = Cid.decodeFirst(section);
  } catch (err) {
    if (err instanceof RepoError) throw new CarDecodeError(offset, `bad block cid (${err.message})`);
    throw err;
  }
  const bytes = section.subarray(used);
  if (verify && !matchesCid(cid, bytes)) throw new CidMismatchError(cid, Cid.create(cid.codec, bytes));
  return [cid, bytes];
}

/** Reads the length-prefixed chunk at `offset`: [chunk, next offset]; throws CarDecodeError. */
function readChunk(bytes: Uint8Array, offset: number): [Uint8Array, number] {
  const len = readVarint(bytes, offset);
  if (len === null) throw new CarDecodeError(offset, "bad length prefix");
  const end = len[1] + len[0];
  if (end > bytes.length) throw new CarDecodeError(offset, "truncated section");
  return [bytes.subarray(len[1], end), end];
}

/** Iterates a CAR file's blocks after reading its roots; hashes each block unless told not to. */
export function* iterateCar(
  bytes: Uint8Array,
  options: CarReadOptions = {},
): Generator<[Cid, Uint8Array], Cid[]> {
  const verify = options.verifyCids ?? true;
  const [header, start] = readChunk(bytes, 0);
  const roots = decodeCarHeader(header, 0);
  let offset = start;
  while (offset < bytes.length) {
    const [section, next] = readChunk(bytes, offset);
    yield decodeCarSection(section, offset, verify);
    offset = next;
  }
  return roots;
}

/** Reads a whole CAR file into roots and a BlockMap, verifying every block's hash by default. */
export function readCar(bytes: Uint8Array, options: CarReadOptions = {}): CarFile {
  const blocks = new BlockMap();
  const it = iterateCar(bytes, options);
  for (;;) {
    const step = it.next();
    if (step.done) return { roots: step.value, blocks };
    blocks.set(step.value[0], step.value[1]);
  }
}
