import type { Result } from "../types/fp.js";

/**
 * Which credential an operation sends: none; the session's (or `bearer`) when there is one, the server
 * answering either way (`optional`, the public reads); the access token, required (`access`); or the
 * refresh token (`refresh`, only refreshSession and deleteSession).
 */
export type AuthKind = "none" | "optional" | "access" | "refresh";

/** One request a session is asked to authorize. */
export type AuthTarget = { kind: "access" | "refresh"; method: string; url: string };

/** Headers that authorize one request, e.g. `{ authorization: "Bearer …" }` (DPoP adds a `dpop` proof). */
export type AuthHeaders = Record<string, string>;

/**
 * A logged-in session as the transport sees it: a source of authorization headers, like `bearer`, that
 * can also say where the account lives, refresh itself and end. A password session implements it
 * (`lib/session.ts`); an OAuth session (`oauth/session.ts`) implements the same members plus `fetch`.
 * The machinery never looks inside, so `BlueskyCore` carries no session code unless one is used.
 */
export interface SessionHandler {
  /** Base URL (ending in `/`) of the account's PDS: where calls go when they name no server. */
  readonly serviceURL: string | undefined;
  /**
   * Headers that authorize `target`, or undefined when this session must not be sent there (a server
   * that did not issue its tokens): the call then falls back to `bearer`.
   */
  authorize(target: AuthTarget): AuthHeaders | undefined | Promise<AuthHeaders | undefined>;
  /**
   * Called when a call sent with `sent` failed with `error`. Resolves true once the session has new
   * credentials and the call should run once more (an expired access token, refreshed), else false.
   */
  refreshAfter(error: unknown, sent: AuthHeaders): Promise<boolean>;
  /**
   * Forgets the session and ends it on its server; resolves (never rejects) even when the server cannot
   * be reached, with a Result that says whether the server ended it.
   */
  logout(): Promise<Result<unknown, unknown>>;
  /**
   * Sends the calls this session authorized, for a session that must sign each request as it goes out:
   * an OAuth session's DPoP proof binds the method, the URL and the server's latest nonce, and the OAuth
   * client library makes it (and retries a stale nonce, and refreshes an expired token) only inside its
   * own fetch. Absent, the transport's fetcher sends them.
   */
  fetch?(input: string | URL | Request, init?: RequestInit): Promise<Response>;
}
