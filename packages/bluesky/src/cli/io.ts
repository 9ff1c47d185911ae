import { readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { createInterface } from "node:readline";
import { Writable } from "node:stream";
import type { JsonObject } from "../models/components/json.js";
import { UsageError } from "./errors.js";

/** The package's version, from its package.json (two levels up from both src/cli and dist/cli). */
export function version(): string {
  return JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")).version;
}

/** Reads all of a stream as text (the record from `--record -`). */
async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString("utf8");
}

/** The record to write, as JSON from a file or from stdin when `source` is "-". */
export async function readRecord(source: string, stdin: NodeJS.ReadableStream): Promise<JsonObject> {
  const name = source === "-" ? "stdin" : source;
  let text: string;
  try {
    text = source === "-" ? await readAll(stdin) : await readFile(source, "utf8");
  } catch (err) {
    throw new UsageError(`cannot read record; file=${name} reason=${(err as Error).message}`);
  }
  let record: unknown;
  try {
    record = JSON.parse(text);
  } catch (err) {
    throw new UsageError(`record is not JSON; file=${name} reason=${(err as Error).message}`);
  }
  if (typeof record !== "object" || record === null || Array.isArray(record)) {
    throw new UsageError(`record must be a JSON object; file=${name}`);
  }
  return record as JsonObject;
}

/** Asks for the password on stderr; a terminal does not echo it, a pipe gives its first line. */
export async function promptPassword(
  stdin: NodeJS.ReadableStream,
  stderr: NodeJS.WritableStream,
): Promise<string> {
  stderr.write("password: ");
  const silent = new Writable({ write: (_chunk, _encoding, done) => done() });
  const isTTY = (stdin as { isTTY?: boolean }).isTTY === true;
  const rl = createInterface({ input: stdin, output: silent, terminal: isTTY });
  const line = await new Promise<string | undefined>((resolve) => {
    rl.once("line", resolve);
    rl.once("close", () => resolve(undefined));
  });
  rl.close();
  if (isTTY) stderr.write("\n");
  if (!line) throw new UsageError("no password given; pass --password, set BLUESKY_PASSWORD or type it");
  return line;
}
