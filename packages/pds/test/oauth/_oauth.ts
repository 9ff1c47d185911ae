// An OAuth client in miniature over fetch, for tests that look at each step of the flow (and break
// some on purpose). The user's part (the sign-in page) is played by _browserless.ts.
import { freePort } from "../../../bluesky/test/_pds.js";
import type { ConfigInput } from "../../src/index.js";
import { startTestPds, type TestPds } from "../_util.js";
import { authorizeWithoutBrowser } from "./_browserless.js";
import { DpopKey, pkce } from "./_dpop.js";

/** A loopback client's callback: port and all are ignored by the match, only the path counts. */
export const LOOPBACK_REDIRECT = "http://127.0.0.1/callback";

/** The client_id of a development (loopback) client: no metadata document, only these parameters. */
export function loopbackClientId(scope = "atproto transition:generic", redirect = LOOPBACK_REDIRECT): string {
  return `http://localhost?redirect_uri=${encodeURIComponent(redirect)}&scope=${encodeURIComponent(scope)}`;
}

/** A PDS whose public URL (the OAuth issuer, in every token's `htu`) names the port it listens on. */
export async function startOAuthPds(
  oauthFetch?: typeof fetch,
  config: Partial<ConfigInput> = {},
): Promise<TestPds & { issuer: string }> {
  const port = await freePort();
  const pds = await startTestPds({ port, ...config }, oauthFetch && { oauthFetch });
  return Object.assign(pds, { issuer: `http://localhost:${port}` });
}

/** A response, its JSON body parsed when there is one. */
export interface Answer {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: tests read bodies field by field
  body: any;
  headers: Headers;
}

/** Reads a fetch response: status, headers, and the body as JSON when it is JSON. */
export async function answer(res: Response): Promise<Answer> {
  const text = await res.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON: keep the text
  }
  return { status: res.status, body, headers: res.headers };
}

/** The tokens of a code exchange or a refresh. */
export interface TokenSet {
  access_token: string;
  refresh_token: string;
  token_type: string;
  scope: string;
  sub: string;
  expires_in: number;
}

/** One client session: a DPoP key, the server's latest nonce, and the steps of the flow. */
export class OAuthFlow {
  nonce: string | undefined;

  constructor(
    readonly issuer: string,
    readonly key: DpopKey,
    readonly clientId = loopbackClientId(),
  ) {}

  static async create(issuer: string, clientId?: string): Promise<OAuthFlow> {
    return new OAuthFlow(issuer, await DpopKey.generate(), clientId);
  }

  /**
   * POSTs a form to an authorization-server endpoint with a fresh proof; a `use_dpop_nonce` answer is
   * retried once with the nonce it carries (unless `retryNonce` is false).
   */
  async post(
    path: string,
    form: Record<string, string>,
    opts: { retryNonce?: boolean } = {},
  ): Promise<Answer> {
    const send = async () => {
      const url = `${this.issuer}${path}`;
      const proof = await this.key.proof({ htm: "POST", htu: url, nonce: this.nonce });
      return this.#remember(
        await answer(
          await fetch(url, {
            method: "POST",
            headers: { "content-type": "application/x-www-form-urlencoded", dpop: proof },
            body: new URLSearchParams(form),
          }),
        ),
      );
    };
    const first = await send();
    if (opts.retryNonce === false || first.body?.error !== "use_dpop_nonce") return first;
    return send();
  }

  /** Pushes an authorization request; returns the answer (request_uri on success) and the PKCE verifier. */
  async par(
    extra: Record<string, string> = {},
    opts: { retryNonce?: boolean } = {},
  ): Promise<Answer & { verifier: string; state: string }> {
    const { verifier, challenge } = pkce();
    const state = crypto.randomUUID();
    const res = await this.post(
      "/oauth/par",
      {
        client_id: this.clientId,
        response_type: "code",
        redirect_uri: LOOPBACK_REDIRECT,
        scope: "atproto transition:generic",
        state,
        code_challenge: challenge,
        code_challenge_method: "S256",
        ...extra,
      },
      opts,
    );
    return { ...res, verifier, state };
  }

  /** Exchanges a code (with the PKCE verifier) for tokens. */
  token(code: string, verifier: string, extra: Record<string, string> = {}): Promise<Answer> {
    return this.post("/oauth/token", {
      grant_type: "authorization_code",
      client_id: this.clientId,
      redirect_uri: LOOPBACK_REDIRECT,
      code,
      code_verifier: verifier,
      ...extra,
    });
  }

  /** Spends a refresh token for a new pair. */
  refresh(refreshToken: string): Promise<Answer> {
    return this.post("/oauth/token", {
      grant_type: "refresh_token",
      client_id: this.clientId,
      refresh_token: refreshToken,
    });
  }

  /** Revokes a token (RFC 7009). */
  revoke(token: string): Promise<Answer> {
    return this.post("/oauth/revoke", { client_id: this.clientId, token });
  }

  /** PAR, then sign-in and consent as `account`: the code the client gets back, and its PKCE verifier. */
  async authorizedCode(
    account: { handle: string; password: string },
    extra: Record<string, string> = {},
  ): Promise<{ code: string; verifier: string }> {
    const pushed = await this.par(extra);
    if (pushed.status !== 201) throw new Error(`par: ${pushed.status} ${JSON.stringify(pushed.body)}`);
    const back = await authorizeWithoutBrowser(this.issuer, this.clientId, pushed.body.request_uri, account);
    return { code: back.code, verifier: pushed.verifier };
  }

  /** PAR, sign-in and consent as `account`, code exchange: a fresh token set. */
  async signIn(
    account: { handle: string; password: string },
    extra: Record<string, string> = {},
  ): Promise<TokenSet> {
    const { code, verifier } = await this.authorizedCode(account, extra);
    const tokens = await this.token(code, verifier);
    if (tokens.status !== 200) throw new Error(`token: ${tokens.status} ${JSON.stringify(tokens.body)}`);
    return tokens.body;
  }

  /**
   * An XRPC call with a DPoP-bound token: `Authorization: DPoP <token>` and a proof bound to the token
   * (`ath`), the method and the URL. `use_dpop_nonce` is retried once, as clients do.
   */
  async xrpc(
    nsid: string,
    accessToken: string,
    opts: {
      body?: unknown;
      bytes?: { data: Uint8Array<ArrayBuffer>; type: string };
      params?: Record<string, string>;
      proof?: string;
    } = {},
  ): Promise<Answer> {
    const method = opts.body === undefined && opts.bytes === undefined ? "GET" : "POST";
    const htu = `${this.issuer}/xrpc/${nsid}`;
    const url = opts.params ? `${htu}?${new URLSearchParams(opts.params)}` : htu;
    const headers: Record<string, string> = { authorization: `DPoP ${accessToken}` };
    if (opts.body !== undefined) headers["content-type"] = "application/json";
    if (opts.bytes) headers["content-type"] = opts.bytes.type;
    const body = opts.bytes
      ? opts.bytes.data
      : opts.body === undefined
        ? undefined
        : JSON.stringify(opts.body);
    const send = async () =>
      this.#remember(
        await answer(
          await fetch(url, {
            method,
            headers: {
              ...headers,
              dpop:
                opts.proof ?? (await this.key.proof({ htm: method, htu, nonce: this.nonce, accessToken })),
            },
            body,
          }),
        ),
      );
    const first = await send();
    if (opts.proof || first.body?.error !== "use_dpop_nonce") return first;
    return send();
  }

  /** uploadBlob with a DPoP-bound token. */
  upload(accessToken: string, data: Uint8Array<ArrayBuffer>, type: string): Promise<Answer> {
    return this.xrpc("com.atproto.repo.uploadBlob", accessToken, { bytes: { data, type } });
  }

  #remember(res: Answer): Answer {
    this.nonce = res.headers.get("dpop-nonce") ?? this.nonce;
    return res;
  }
}

export { authorizeWithoutBrowser, openAuthorizePage, pageApi, pageData } from "./_browserless.js";
