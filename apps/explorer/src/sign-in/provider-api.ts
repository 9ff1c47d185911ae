import type { PageAccount } from "./page-data.js";

/** The provider's API under the PDS (`@atproto/oauth-provider-api`'s API_ENDPOINT_PREFIX). */
const API = "/@atproto/oauth-provider/~api";

/** The API refused: `message` is its description, for the page to show. */
export class ProviderApiError extends Error {
  override readonly name = "ProviderApiError";
  constructor(
    readonly status: number,
    readonly error: string,
    message: string,
  ) {
    super(message);
  }
}

/** The CSRF token the page was served with; the API compares it with the cookie. */
function csrfToken(): string {
  return /(?:^|;\s*)csrf-token=([^;]*)/.exec(document.cookie)?.[1] ?? "";
}

/**
 * POSTs to one of the provider's page methods. The browser adds what the provider checks: the
 * Origin, the Referer (this page, whose `request_uri` ties the call to the request) and the cookies.
 */
async function call<T>(method: string, body: unknown, bearer?: string): Promise<T> {
  const headers: Record<string, string> = { "content-type": "application/json", "x-csrf-token": csrfToken() };
  if (bearer) headers.authorization = `Bearer ${bearer}`;
  // mode same-origin: the provider accepts only same-origin fetches (Sec-Fetch-Mode), never cross-site ones.
  const res = await fetch(`${API}/${method}`, {
    method: "POST",
    mode: "same-origin",
    headers,
    body: JSON.stringify(body),
  });
  const json = (await res.json().catch(() => ({}))) as Record<string, unknown>;
  if (!res.ok) {
    const message = String(json.error_description ?? json.message ?? `The server answered ${res.status}`);
    throw new ProviderApiError(res.status, String(json.error ?? "unknown_error"), message);
  }
  return json as T;
}

/** A signed-in account; `ephemeralToken` proves it to the consent call when it is not remembered. */
export type SignedIn = { account: PageAccount; ephemeralToken?: string };

/** Checks the password; with `remember`, this browser stays signed in to the account. */
export function signIn(username: string, password: string, remember: boolean): Promise<SignedIn> {
  return call("sign-in", { locale: navigator.language || "en", username, password, remember });
}

/** Approves the request as `did`; resolves with where to send the browser (back to the app). */
export function consent(did: string, ephemeralToken?: string): Promise<{ url: string }> {
  return call("consent", { did }, ephemeralToken);
}

/** Refuses the request; resolves with where to send the browser (back to the app, with access_denied). */
export function reject(): Promise<{ url: string }> {
  return call("reject", {});
}
