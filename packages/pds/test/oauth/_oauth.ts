// An OAuth client in miniature over fetch, for tests that look at each step of the flow (and break
// some on purpose). The sign-in page's part is played with the page's own requests: the page load,
// then the provider's API, with the headers a browser sends (over node:http: fetch replaces the
// Sec-Fetch-* headers with its own).
import { request } from "node:http";
import { freePort } from "../../../bluesky/test/_pds.js";
import type { ConfigInput } from "../../src/index.js";
import { startTestPds, type TestPds } from "../_util.js";
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

async function answer(res: Response): Promise<Answer> {
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

  /** PAR, sign-in and consent as `account`, code exchange: a fresh token set. */
  async signIn(
    account: { handle: string; password: string },
    extra: Record<string, string> = {},
  ): Promise<TokenSet> {
    const pushed = await this.par(extra);
    if (pushed.status !== 201) throw new Error(`par: ${pushed.status} ${JSON.stringify(pushed.body)}`);
    const { code } = await authorizeWithoutBrowser(
      this.issuer,
      this.clientId,
      pushed.body.request_uri,
      account,
    );
    const tokens = await this.token(code, pushed.verifier);
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

/** A request as a browser would send it, headers and all; the answer unparsed. */
function browserRequest(
  url: string,
  method: string,
  headers: Record<string, string>,
  body?: string,
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          text: Buffer.concat(chunks).toString("utf8"),
        }),
      );
    });
    req.on("error", reject);
    req.end(body);
  });
}

/** Cookies by name, as a browser keeps them for one site. */
class CookieJar {
  readonly #cookies = new Map<string, string>();

  take(headers: Record<string, string | string[] | undefined>): void {
    const lines = headers["set-cookie"] ?? [];
    for (const line of Array.isArray(lines) ? lines : [lines]) {
      const [pair] = line.split(";");
      const eq = pair!.indexOf("=");
      this.#cookies.set(pair!.slice(0, eq).trim(), pair!.slice(eq + 1).trim());
    }
  }

  get(name: string): string | undefined {
    return this.#cookies.get(name);
  }

  header(): string {
    return [...this.#cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }
}

/** The JSON a page was given in its `authorize-data` script. */
export function pageData(html: string): Record<string, unknown> {
  const match = /<script type="application\/json" id="authorize-data">(.*?)<\/script>/s.exec(html);
  if (!match) throw new Error("no page data");
  return JSON.parse(match[1]!);
}

/** Opens the sign-in page as a browser navigation does; the answer and the cookies it set. */
export async function openAuthorizePage(issuer: string, clientId: string, requestUri: string) {
  const url = `${issuer}/oauth/authorize?${new URLSearchParams({ client_id: clientId, request_uri: requestUri })}`;
  const jar = new CookieJar();
  const page = await browserRequest(url, "GET", {
    "sec-fetch-mode": "navigate",
    "sec-fetch-dest": "document",
    "sec-fetch-site": "cross-site",
  });
  jar.take(page.headers);
  return { url, jar, ...page };
}

/**
 * What the sign-in page does, without a browser: load the page (navigation headers), sign in through
 * the provider's API (same-origin headers, the CSRF cookie echoed in its header), consent (or refuse),
 * then follow the redirect endpoint to the client's callback. Resolves with the callback's parameters.
 */
export async function authorizeWithoutBrowser(
  issuer: string,
  clientId: string,
  requestUri: string,
  account: { handle: string; password: string },
  opts: { consent?: boolean } = {},
): Promise<{ code: string; iss: string; state: string; callback: URL }> {
  const page = await openAuthorizePage(issuer, clientId, requestUri);
  if (page.status !== 200) throw new Error(`authorize page: ${page.status} ${page.text}`);
  const { jar } = page;
  const api = async (name: string, body: unknown) => {
    const res = await browserRequest(
      `${issuer}/@atproto/oauth-provider/~api/${name}`,
      "POST",
      {
        "content-type": "application/json",
        origin: issuer,
        referer: page.url,
        "sec-fetch-mode": "same-origin",
        "sec-fetch-site": "same-origin",
        "sec-fetch-dest": "empty",
        "x-csrf-token": jar.get("csrf-token") ?? "",
        cookie: jar.header(),
      },
      JSON.stringify(body),
    );
    jar.take(res.headers);
    if (res.status !== 200) throw new Error(`${name}: ${res.status} ${res.text}`);
    return JSON.parse(res.text);
  };
  const signedIn = await api("sign-in", {
    locale: "en",
    username: account.handle,
    password: account.password,
    remember: true,
  });
  const refuse = opts.consent === false;
  const { url } = await api(refuse ? "reject" : "consent", refuse ? {} : { did: signedIn.account.did });
  const redirect = await browserRequest(new URL(url, issuer).href, "GET", {
    referer: page.url,
    cookie: jar.header(),
    "sec-fetch-mode": "navigate",
    "sec-fetch-dest": "document",
    "sec-fetch-site": "same-origin",
  });
  const location = redirect.headers.location;
  if (redirect.status !== 303 || typeof location !== "string") {
    throw new Error(`redirect: ${redirect.status} ${redirect.text}`);
  }
  const callback = new URL(location);
  const param = (name: string) => callback.searchParams.get(name) ?? "";
  return { code: param("code"), iss: param("iss"), state: param("state"), callback };
}
