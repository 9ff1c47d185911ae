import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import type { SessionData } from "../models/components/session.js";
import { NotLoggedInError, UsageError } from "./errors.js";

/** What `bluesky login` keeps between runs: the session's tokens and account, and the server it is on. */
export type StoredSession = SessionData & { service: string };

/** Where the session lives: $BLUESKY_SESSION_FILE, else $XDG_CONFIG_HOME/bluesky, else ~/.config/bluesky. */
export function sessionPath(env: NodeJS.ProcessEnv): string {
  if (env.BLUESKY_SESSION_FILE) return env.BLUESKY_SESSION_FILE;
  return join(env.XDG_CONFIG_HOME || join(homedir(), ".config"), "bluesky", "session.json");
}

/** The saved session, or null when there is none. */
export async function attemptReadSession(path: string): Promise<StoredSession | null> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw err;
  }
  try {
    return JSON.parse(text) as StoredSession;
  } catch {
    throw new UsageError(`session file is not JSON; path=${path} (run \`bluesky login\` again)`);
  }
}

/** The saved session; throws NotLoggedInError when there is none. */
export async function readSession(path: string): Promise<StoredSession> {
  const session = await attemptReadSession(path);
  if (!session) throw new NotLoggedInError(path);
  return session;
}

/**
 * Saves the session readable by its owner only: it holds a refresh token, as good as the password for
 * weeks. Synchronous, because the SDK reports refreshed tokens from a synchronous callback and the
 * process may exit right after.
 */
export function saveSession(path: string, session: StoredSession): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  writeFileSync(path, JSON.stringify(session, null, 2) + "\n", { mode: 0o600 });
  // `mode` applies only when the file is created; tighten one that already existed.
  chmodSync(path, 0o600);
}
