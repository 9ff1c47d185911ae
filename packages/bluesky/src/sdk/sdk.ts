import {
  CredentialSession,
  type LoginOptions,
  login,
  logout,
  resumeSession,
  type SessionState,
  type SessionUpdate,
} from "../lib/session.js";
import type { ComAtprotoServerCreateSessionRequestBody } from "../models/operations/comatprotoservercreatesession.js";
import { unwrap } from "../types/fp.js";
import { Namespaces } from "./namespaces.js";

/**
 * The full SDK: a namespace per lexicon group (`bluesky.repo.putRecord`, `bluesky.feed.getTimeline`, ...),
 * generated in namespaces.ts, and password sessions with automatic refresh.
 */
export class Bluesky extends Namespaces {
  /** The logged-in session's tokens, account and servers, if any. */
  get session(): SessionState | undefined {
    return this._session instanceof CredentialSession ? this._session.data : undefined;
  }

  /**
   * Logs in; later calls go to the account's PDS (from its DID document), send the session's token and
   * refresh it when it expires. Throws typed errors.
   */
  async login(
    credentials: ComAtprotoServerCreateSessionRequestBody,
    options?: LoginOptions,
  ): Promise<SessionState> {
    return unwrap(await login(this, credentials, options)).data;
  }

  /** Resumes a saved session (e.g. from storage) without logging in again. */
  resumeSession(data: SessionState, onUpdate?: SessionUpdate): void {
    resumeSession(this, data, onUpdate);
  }

  /** Revokes the session on its server (deleteSession) and forgets it, even if that fails; calls fall back to `bearer`. */
  logout(): Promise<void> {
    return logout(this);
  }
}
