import type { BlueskyCore } from "../core.js";
import { type ServerCreateSessionError, serverCreateSession } from "../funcs/serverCreateSession.js";
import { serverRefreshSession } from "../funcs/serverRefreshSession.js";
import type { SessionData } from "../models/components/session.js";
import { XRPCError } from "../models/errors/blueskyerror.js";
import type { ComAtprotoServerCreateSessionRequestBody } from "../models/operations/comatprotoservercreatesession.js";
import { ERR, OK, type Result } from "../types/fp.js";
import type { AuthHeaders, AuthTarget, SessionHandler } from "./auth.js";
import { call } from "./call.js";
import { baseURLOf } from "./config.js";
import { isDidDocumentOf, pdsEndpoint } from "./identity/did-document.js";
import type { IdentityError } from "./identity/errors.js";
import { identityResolver } from "./identity.js";
import type { Operation, OperationError } from "./operation.js";
import { nothing } from "./schema.js";
import type { RequestOptions } from "./sdks.js";

/** A password session's state: the tokens and account, and the two servers they are used with. */
export type SessionState = SessionData & {
  /** Base URL of the server the session was created on; it refreshes and deletes the session. */
  service?: string;
  /** Origin of the account's PDS, from its DID document: where calls go. Saved so a resumed session goes there too. */
  pdsURL?: string;
};

/** Called with the new state after a login or refresh, e.g. to persist it. */
export type SessionUpdate = (session: SessionState) => void;

/** Options of `login`: RequestOptions for createSession, plus what to do with the session. */
export type LoginOptions = RequestOptions & {
  onUpdate?: SessionUpdate;
  /** Log in at the PDS the identifier (a handle or DID) resolves to, not at the client's server. */
  resolvePds?: boolean;
};

const origin = (url: string) => new URL(url).origin;

// com.atproto.server.deleteSession, declared here for logout: it takes the refresh token and returns nothing.
const deleteSession: Operation<undefined, undefined, XRPCError<string>, XRPCError<string>> = {
  id: "com.atproto.server.deleteSession",
  kind: "procedure",
  auth: "none", // logout passes the refresh token itself: the session is already detached
  input: nothing,
  response: "none",
  errors: [],
  badRequest: XRPCError as new (...args: ConstructorParameters<typeof XRPCError>) => XRPCError<string>,
  unauthorized: XRPCError as new (...args: ConstructorParameters<typeof XRPCError>) => XRPCError<string>,
};

/**
 * A password session attached to a client: calls to the account's servers send its access token, and a
 * call rejected with `ExpiredToken` refreshes it through com.atproto.server.refreshSession, then runs once
 * more. Calls that fail together share one refresh, because a refresh token can be spent only once. The
 * tokens never go to another server, even when a call names one.
 */
export class CredentialSession implements SessionHandler {
  #data!: SessionState & { service: string };
  /** The origins the tokens may be sent to: the login server's and the PDS's. */
  #origins: string[] = [];
  #refreshing: Promise<boolean> | undefined;

  constructor(
    private readonly client: BlueskyCore,
    data: SessionState,
    private readonly onUpdate?: SessionUpdate,
  ) {
    this.#set({ ...data, service: baseURLOf(data.service ?? client._baseURL) });
  }

  #set(data: SessionState & { service: string }): void {
    this.#data = data;
    this.#origins = [origin(data.service), ...(data.pdsURL ? [origin(data.pdsURL)] : [])];
  }

  /** The current tokens, account and servers. */
  get data(): SessionState {
    return this.#data;
  }

  /** The account's PDS when known, else the server the session was created on. */
  get serviceURL(): string {
    return this.#data.pdsURL ? baseURLOf(this.#data.pdsURL) : this.#data.service;
  }

  /** The access or refresh JWT. */
  token(kind: "access" | "refresh"): string {
    return kind === "access" ? this.#data.accessJwt : this.#data.refreshJwt;
  }

  /** `Bearer <token>` for requests to the login server or the PDS; nothing for any other server. */
  authorize(target: AuthTarget): AuthHeaders | undefined {
    return this.#origins.includes(origin(target.url))
      ? { authorization: `Bearer ${this.token(target.kind)}` }
      : undefined;
  }

  /** Refreshes after an `ExpiredToken`, unless another call already did; false when it cannot help. */
  refreshAfter(error: unknown, sent: AuthHeaders): Promise<boolean> {
    if (!(error instanceof XRPCError) || error.error !== "ExpiredToken") return Promise.resolve(false);
    // The refresh token itself expired: refreshing again cannot help.
    if (sent.authorization === `Bearer ${this.#data.refreshJwt}`) return Promise.resolve(false);
    if (sent.authorization !== `Bearer ${this.#data.accessJwt}`) return Promise.resolve(true);
    this.#refreshing ??= this.#refresh().finally(() => {
      this.#refreshing = undefined;
    });
    return this.#refreshing;
  }

  async #refresh(): Promise<boolean> {
    const res = await serverRefreshSession(this.client, undefined, { serverURL: this.#data.service });
    if (!res.ok) return false;
    // A document sent with the new tokens names the PDS now (the account may have moved).
    const pdsURL =
      (isDidDocumentOf(res.value.didDoc, this.#data.did) && pdsEndpoint(res.value.didDoc)) ||
      this.#data.pdsURL;
    this.#set({ ...this.#data, ...res.value, ...(pdsURL && { pdsURL }) });
    this.onUpdate?.(this.#data);
    return true;
  }

  /**
   * Detaches the session from the client, then revokes it on the server it was created on
   * (com.atproto.server.deleteSession with the refresh token). The local session is gone even when the
   * server cannot be reached or refuses; the Result says whether the server revoked it.
   */
  async logout(): Promise<Result<undefined, OperationError<typeof deleteSession>>> {
    if (this.client._session === this) this.client._session = undefined;
    return call(this.client, deleteSession, undefined, {
      serverURL: this.#data.service,
      fetchOptions: { headers: { authorization: `Bearer ${this.#data.refreshJwt}` } },
    });
  }
}

/** Attaches saved tokens to a client, so its calls are made as that account. */
export function resumeSession(
  client: BlueskyCore,
  data: SessionState,
  onUpdate?: SessionUpdate,
): CredentialSession {
  const session = new CredentialSession(client, data, onUpdate);
  client._session = session;
  return session;
}

/**
 * The account's PDS: from the DID document the server sent with the session when it is the account's,
 * else by resolving the DID (PLC directory or did:web). Undefined when neither works: calls then stay on
 * the server the session was created on, which is the PDS itself for most self-hosted accounts.
 */
async function accountPds(client: BlueskyCore, session: SessionData): Promise<string | undefined> {
  const sent = session.didDoc;
  if (isDidDocumentOf(sent, session.did)) {
    const pds = pdsEndpoint(sent);
    if (pds) return pds;
  }
  try {
    return pdsEndpoint(await identityResolver(client).resolveDid(session.did));
  } catch {
    return undefined;
  }
}

/**
 * Logs in with identifier and password, finds the account's PDS from its DID document, and attaches the
 * session to the client: later calls go to that PDS. With `resolvePds`, the identifier is resolved first
 * and the login itself goes to the PDS.
 */
export async function login(
  client: BlueskyCore,
  credentials: ComAtprotoServerCreateSessionRequestBody,
  options: LoginOptions = {},
): Promise<Result<CredentialSession, ServerCreateSessionError | IdentityError>> {
  const { onUpdate, resolvePds, ...request } = options;
  let service = request.serverURL ?? client._baseURL;
  if (resolvePds) {
    try {
      service = (await identityResolver(client).resolveIdentity(credentials.identifier)).pds;
    } catch (error) {
      return ERR(error as IdentityError);
    }
  }
  const res = await serverCreateSession(client, credentials, { ...request, serverURL: service });
  if (!res.ok) return res;
  const pdsURL = await accountPds(client, res.value);
  const state: SessionState = { ...res.value, service: baseURLOf(service), ...(pdsURL && { pdsURL }) };
  onUpdate?.(state);
  return OK(resumeSession(client, state, onUpdate));
}

/** Ends the client's session: detached at once, revoked on its server (see CredentialSession.logout). */
export async function logout(client: BlueskyCore): Promise<void> {
  await client._session?.logout();
  client._session = undefined;
}
