import type { ServerResponse } from "node:http";
import type { AuthorizationResultRedirect } from "@atproto/oauth-provider/provider";
import { escapeHtml } from "./html.js";

// RFC 9207 `iss` and the client's `state` first, then the outcome (a code, or an error).
const OUTCOME_KEYS = ["code", "error", "error_description", "error_uri"] as const;

/**
 * Sends the browser back to the client with the outcome, as its `response_mode` asks: in the query
 * (the default), in the fragment, or as a form POST. 303, so the method becomes GET.
 */
export function sendAuthorizationRedirect(res: ServerResponse, result: AuthorizationResultRedirect): void {
  const { parameters } = result;
  const params: [string, string][] = [["iss", result.issuer]];
  if (parameters.state != null) params.push(["state", parameters.state]);
  const outcome = result.redirect as Record<string, string | undefined>;
  for (const key of OUTCOME_KEYS) {
    const value = outcome[key];
    if (value != null) params.push([key, value]);
  }
  const target = new URL(parameters.redirect_uri ?? "");
  res.setHeader("cache-control", "no-store");
  if (parameters.response_mode === "form_post") {
    sendFormPost(res, target.href, params);
    return;
  }
  if (parameters.response_mode === "fragment") target.hash = new URLSearchParams(params).toString();
  else for (const [key, value] of params) target.searchParams.set(key, value);
  res.writeHead(303, { location: target.href }).end();
}

/** A form the user submits (no script: the page's CSP allows none), focused so Enter sends it. */
function sendFormPost(res: ServerResponse, action: string, params: [string, string][]): void {
  const inputs = params
    .map(([key, value]) => `<input type="hidden" name="${escapeHtml(key)}" value="${escapeHtml(value)}">`)
    .join("");
  const body = `<!doctype html><html lang="en"><meta charset="utf-8"><title>Continue</title>
<form method="post" action="${escapeHtml(action)}">${inputs}<button type="submit" autofocus>Continue to the app</button></form></html>`;
  res.writeHead(200, {
    "content-type": "text/html; charset=utf-8",
    "content-security-policy": "default-src 'none'; form-action *",
  });
  res.end(body);
}
