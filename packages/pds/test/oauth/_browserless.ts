// The sign-in page's part of the flow without a browser: the page load, then the provider's API, with
// the headers a browser sends (over node:http: fetch replaces the Sec-Fetch-* headers with its own).
// Against our PDS or the reference: both serve the provider's page API.
import { request } from "node:http";

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

/** The provider's page API as the page calls it (same-origin headers, the CSRF cookie echoed). */
export function pageApi(issuer: string, page: { url: string; jar: CookieJar }) {
  // biome-ignore lint/suspicious/noExplicitAny: tests read bodies field by field
  return async (name: string, body: unknown): Promise<{ status: number; body: any }> => {
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
        "x-csrf-token": page.jar.get("csrf-token") ?? "",
        cookie: page.jar.header(),
      },
      JSON.stringify(body),
    );
    page.jar.take(res.headers);
    return { status: res.status, body: res.text ? JSON.parse(res.text) : undefined };
  };
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
  const call = pageApi(issuer, page);
  const api = async (name: string, body: unknown) => {
    const res = await call(name, body);
    if (res.status !== 200) throw new Error(`${name}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
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
    cookie: page.jar.header(),
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
