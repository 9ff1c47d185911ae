// The servers the benchmark can drive. Each starts in its own process on loopback and must pass a probe write
// before it is measured; a server that cannot write is reported as unavailable with the reason.
import { fileURLToPath } from "node:url";
import type { ConfigInput } from "@putrecord/pds";
import { Tid } from "@putrecord/repo";
import { startReferencePds } from "../../peers/launch.js";
import { ServerStartError, startServerProcess } from "../../peers/server-process.js";
import { createAccount, type RunningTarget } from "../../peers/target.js";
import { note, putRecord } from "./writes.js";

export interface TargetSpec {
  name: string;
  start(): Promise<RunningTarget>;
}

/** A target could not be started or could not write; the message is the reason shown in the report. */
export class TargetUnavailableError extends Error {
  constructor(
    readonly target: string,
    reason: string,
  ) {
    super(reason);
    this.name = "TargetUnavailableError";
  }
}

const REPO_ROOT = fileURLToPath(new URL("../../", import.meta.url));

/**
 * Every target, reference first (ratios are against ref); the floor is no PDS, only the machine's limit.
 * `ours` is our PDS's config overrides (ours-server.ts).
 */
export function targets(ours: Partial<ConfigInput>): TargetSpec[] {
  return [
    { name: "ref", start: async () => ({ name: "ref", ...(await startReferencePds()) }) },
    { name: "ours", start: () => startScript("ours", "our PDS", "./ours-server.ts", [JSON.stringify(ours)]) },
    { name: "floor", start: () => startScript("floor", "floor server", "./floor-server.ts") },
  ];
}

/**
 * A server script from its TypeScript sources (`script` relative to this file), under the Node 20 that
 * runs the benchmark.
 */
export async function startScript(
  name: string,
  label: string,
  script: string,
  args: string[] = [],
): Promise<RunningTarget> {
  const { ready, pid, stop, freeze } = await startServerProcess({
    label,
    command: process.execPath,
    args: [
      "--conditions=bsky-source",
      "--import",
      "tsx",
      fileURLToPath(new URL(script, import.meta.url)),
      ...args,
    ],
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, TMPDIR: process.env.TMPDIR },
  });
  return { name, url: ready.url, pid, stop, freeze };
}

/** Starts a target and proves it can take a putRecord; otherwise stops it and throws TargetUnavailableError. */
export async function startWritable(spec: TargetSpec): Promise<RunningTarget> {
  let running: RunningTarget;
  try {
    running = await spec.start();
  } catch (err) {
    throw new TargetUnavailableError(spec.name, startFailure(err));
  }
  try {
    const account = await createAccount(running);
    await putRecord(running, account, Tid.next(), note(0));
    return running;
  } catch (err) {
    await running.stop();
    throw new TargetUnavailableError(spec.name, firstLine(err));
  }
}

/** The failure in one line; for a crashed child, the error line from its stderr (e.g. a failed import). */
function startFailure(err: unknown): string {
  if (!(err instanceof ServerStartError)) return firstLine(err);
  const cause = err.stderr.split("\n").find((line) => /\w*Error\b/.test(line));
  return cause ? `${firstLine(err)}: ${cause.trim()}` : firstLine(err);
}

/** The first line of an error's message. */
function firstLine(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).split("\n")[0]!;
}
