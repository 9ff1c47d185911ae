import { login, resumeSession, type SessionData } from "bluesky";
import { BlueskyCore } from "bluesky/core.js";

/**
 * A logged-in account and the client whose calls carry (and silently refresh) its tokens. An OAuth
 * account can also be signed out on the server (its tokens revoked).
 */
export type Account = { client: BlueskyCore; did: string; handle: string; signOut?: () => Promise<void> };

/** Login was refused or could not be sent; `reason` is the server's (or network's) message for the form. */
export class LoginFailedError extends Error {
  override readonly name = "LoginFailedError";
  constructor(
    readonly reason: string,
    readonly errorName: string | undefined,
  ) {
    super(`login failed; error=${errorName ?? "unknown"}`);
  }
}

// sessionStorage, not localStorage: the tokens live as long as the tab, and reloading keeps the login.
const STORAGE_KEY = "explorer.session";

function save(data: SessionData): void {
  sessionStorage.setItem(STORAGE_KEY, JSON.stringify(data));
}

// The app talks only to the PDS that served it, so the origin is the server URL.
function newClient(): BlueskyCore {
  return new BlueskyCore({ serverURL: window.location.origin, timeoutMs: 20_000 });
}

/** The account of an earlier login in this tab, its session resumed; null when there is none. */
export function resumeSavedAccount(): Account | null {
  const raw = sessionStorage.getItem(STORAGE_KEY);
  if (raw === null) return null;
  const data = JSON.parse(raw) as SessionData;
  const client = newClient();
  // Every refresh saves the new tokens, so a reload resumes with the latest refresh token.
  resumeSession(client, data, save);
  return { client, did: data.did, handle: data.handle };
}

/** Logs in with a handle or email and password; throws LoginFailedError with the reason to show. */
export async function logIn(identifier: string, password: string): Promise<Account> {
  const client = newClient();
  const res = await login(client, { identifier, password }, { onUpdate: save });
  if (!res.ok) {
    const error = res.error as { error?: string; message: string };
    throw new LoginFailedError(error.message, error.error);
  }
  const { did, handle } = res.value.data;
  return { client, did, handle };
}

/** Forgets the saved tokens. */
export function forgetSession(): void {
  sessionStorage.removeItem(STORAGE_KEY);
}
