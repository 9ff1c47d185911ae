import type { BlueskyCore } from "../core.js";
import { type ServerCreateSessionError, serverCreateSession } from "../funcs/serverCreateSession.js";
import { serverRefreshSession } from "../funcs/serverRefreshSession.js";
import type { SessionData } from "../models/components/session.js";
import type { ComAtprotoServerCreateSessionRequestBody } from "../models/operations/comatprotoservercreatesession.js";
import { OK, type Result } from "../types/fp.js";
import type { RequestOptions, SessionHandler } from "./sdks.js";

/** Called with the new tokens after a login or refresh, e.g. to persist them. */
export type SessionUpdate = (session: SessionData) => void;

/**
 * A password session attached to a client: calls send its access token, and a call rejected with
 * `ExpiredToken` refreshes it through com.atproto.server.refreshSession, then runs once more. Calls that
 * fail together share one refresh, because a refresh token can be spent only once.
 */
export class CredentialSession implements SessionHandler {
  #data: SessionData;
  #refreshing: Promise<boolean> | undefined;

  constructor(
    private readonly client: BlueskyCore,
    data: SessionData,
    private readonly onUpdate?: SessionUpdate,
  ) {
    this.#data = data;
  }

  /** The current tokens and account. */
  get data(): SessionData {
    return this.#data;
  }

  /** The access or refresh JWT. */
  token(kind: "access" | "refresh"): string {
    return kind === "access" ? this.#data.accessJwt : this.#data.refreshJwt;
  }

  /** Refreshes unless another call already replaced `expired`; resolves false when the refresh failed. */
  refresh(expired: string | undefined): Promise<boolean> {
    if (expired !== undefined && expired !== this.#data.accessJwt) return Promise.resolve(true);
    this.#refreshing ??= this.#refresh().finally(() => {
      this.#refreshing = undefined;
    });
    return this.#refreshing;
  }

  async #refresh(): Promise<boolean> {
    const res = await serverRefreshSession(this.client);
    if (!res.ok) return false;
    this.#data = { ...this.#data, ...res.value };
    this.onUpdate?.(this.#data);
    return true;
  }
}

/** Attaches saved tokens to a client, so its calls are made as that account. */
export function resumeSession(
  client: BlueskyCore,
  data: SessionData,
  onUpdate?: SessionUpdate,
): CredentialSession {
  const session = new CredentialSession(client, data, onUpdate);
  client._session = session;
  return session;
}

/** Logs in with identifier and password and attaches the session to the client. */
export async function login(
  client: BlueskyCore,
  credentials: ComAtprotoServerCreateSessionRequestBody,
  options?: RequestOptions & { onUpdate?: SessionUpdate },
): Promise<Result<CredentialSession, ServerCreateSessionError>> {
  const res = await serverCreateSession(client, credentials, options);
  if (!res.ok) return res;
  options?.onUpdate?.(res.value);
  return OK(resumeSession(client, res.value, options?.onUpdate));
}
