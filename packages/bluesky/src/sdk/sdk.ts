import { BlueskyCore } from "../core.js";
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
import { Repo } from "./repo.js";
import { Server } from "./server.js";

/** The full SDK: `bluesky.repo.*`, `bluesky.server.*`, and password sessions with automatic refresh. */
export class Bluesky extends BlueskyCore {
  #repo?: Repo;
  #server?: Server;

  /** com.atproto.repo methods. */
  get repo(): Repo {
    this.#repo ??= new Repo(this);
    return this.#repo;
  }

  /** com.atproto.server methods. */
  get server(): Server {
    this.#server ??= new Server(this);
    return this.#server;
  }

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
