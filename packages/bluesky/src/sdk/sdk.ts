import type { RequestOptions } from "../lib/sdks.js";
import { CredentialSession, login, resumeSession, type SessionUpdate } from "../lib/session.js";
import type { SessionData } from "../models/components/session.js";
import type { ComAtprotoServerCreateSessionRequestBody } from "../models/operations/comatprotoservercreatesession.js";
import { unwrap } from "../types/fp.js";
import { Namespaces } from "./namespaces.js";

/**
 * The full SDK: a namespace per lexicon group (`bluesky.repo.putRecord`, `bluesky.feed.getTimeline`, ...),
 * generated in namespaces.ts, and password sessions with automatic refresh.
 */
export class Bluesky extends Namespaces {
  /** The logged-in session's tokens and account, if any. */
  get session(): SessionData | undefined {
    return this._session instanceof CredentialSession ? this._session.data : undefined;
  }

  /** Logs in; later calls use the session and refresh it when the access token expires. Throws typed errors. */
  async login(
    credentials: ComAtprotoServerCreateSessionRequestBody,
    options?: RequestOptions & { onUpdate?: SessionUpdate },
  ): Promise<SessionData> {
    return unwrap(await login(this, credentials, options)).data;
  }

  /** Resumes a saved session (e.g. from storage) without logging in again. */
  resumeSession(data: SessionData, onUpdate?: SessionUpdate): void {
    resumeSession(this, data, onUpdate);
  }

  /** Forgets the session; calls fall back to `bearer`. */
  logout(): void {
    this._session = undefined;
  }
}
