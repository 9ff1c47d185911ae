import { randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import { join } from "node:path";
import { AuthorizationError, OAuthError } from "@atproto/oauth-provider/errors";
import type { OAuthProvider } from "@atproto/oauth-provider/provider";
import { CSRF_COOKIE_NAME } from "@atproto/oauth-provider-api";
import { oauthAuthorizationRequestQuerySchema } from "@atproto/oauth-types";
import type { Logger } from "pino";
import type { PathHandler } from "../server.js";
import { EXPLORER_DIST } from "../static.js";
import { scriptJson } from "./html.js";
import { type AuthorizeErrorData, type AuthorizePageData, authorizePageData } from "./page-data.js";
import { sendAuthorizationRedirect } from "./redirect.js";

/** The explorer's sign-in and consent page (its Vite entry `sign-in.html`). */
export const SIGN_IN_PAGE = join(EXPLORER_DIST, "sign-in.html");
/** Where the page reads its data from. */
export const PAGE_DATA_ID = "authorize-data";

const CSRF_TOKEN = /^[0-9a-f]{24}$/;
// Scripts and styles only from this origin (the page's data is JSON, not script); never framed.
const SECURITY_HEADERS = {
  "content-security-policy":
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  "x-frame-options": "DENY",
  "x-content-type-options": "nosniff",
  "referrer-policy": "same-origin",
  "cache-control": "no-store",
};

/**
 * `GET /oauth/authorize`: the provider's checks and decision, our page. The provider settles what it
 * can (a bad request goes back to the client; `prompt=none` and remembered consent redirect at once);
 * otherwise the explorer's page signs the user in and asks for consent through the provider's API,
 * which checks the CSRF cookie set here against a header the page sends.
 */
export function authorizePage(provider: OAuthProvider, logger: Logger): PathHandler {
  return async (req, res) => {
    try {
      // Only a top-level navigation may open the page (no fetch, no frame): what the provider requires.
      requireHeader(req, "sec-fetch-mode", "navigate");
      requireHeader(req, "sec-fetch-dest", "document");
      const url = new URL(req.url ?? "/", provider.issuer);
      const query = oauthAuthorizationRequestQuerySchema.safeParse(Object.fromEntries(url.searchParams));
      if (!query.success) throw new OAuthError("invalid_request", "Invalid authorization request parameters");
      const device = await provider.deviceManager.load(req, res);
      const result = await provider.authorize(query.data, device);
      if ("redirect" in result) {
        sendAuthorizationRedirect(res, result);
        return;
      }
      setCsrfCookie(req, res);
      sendPage(res, 200, authorizePageData(result));
    } catch (err) {
      if (res.headersSent) return;
      if (err instanceof AuthorizationError) {
        sendAuthorizationRedirect(res, {
          issuer: provider.issuer,
          parameters: err.parameters,
          redirect: err.toJSON(),
        });
        return;
      }
      const status = err instanceof OAuthError ? err.status : 500;
      const message =
        err instanceof OAuthError ? err.error_description : "The sign-in page failed; try again.";
      if (status >= 500) logger.error({ err }, "authorization page failed");
      sendPage(res, status, { error: err instanceof OAuthError ? err.error : "server_error", message });
    }
  };
}

function requireHeader(req: IncomingMessage, name: string, value: string): void {
  if (req.headers[name] !== value) {
    throw new OAuthError("invalid_request", `This page opens only as a page of its own (${name}: ${value})`);
  }
}

/** The provider's CSRF cookie (its API compares it with the page's header): kept if present, else new. */
function setCsrfCookie(req: IncomingMessage, res: ServerResponse): void {
  const existing = /(?:^|;\s*)csrf-token=([^;]*)/.exec(req.headers.cookie ?? "")?.[1];
  const token = existing && CSRF_TOKEN.test(existing) ? existing : randomBytes(12).toString("hex");
  res.appendHeader("set-cookie", `${CSRF_COOKIE_NAME}=${token}; Path=/; Secure; SameSite=Lax`);
}

function sendPage(res: ServerResponse, status: number, data: AuthorizePageData | AuthorizeErrorData): void {
  const json = `<script type="application/json" id="${PAGE_DATA_ID}">${scriptJson(data)}</script>`;
  const body = template().replace("</head>", `${json}</head>`);
  res.writeHead(status, { ...SECURITY_HEADERS, "content-type": "text/html; charset=utf-8" });
  res.end(body);
}

/** The built page, read per request as the explorer's index.html is (a rebuild needs no restart). */
function template(): string {
  if (existsSync(SIGN_IN_PAGE)) return readFileSync(SIGN_IN_PAGE, "utf8");
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sign in</title></head>
<body><p>The sign-in page is not built: run <code>npm run build -w apps/explorer</code>.</p></body></html>`;
}
