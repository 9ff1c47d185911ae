import type { AuthorizationResultAuthorize } from "@atproto/oauth-provider/provider";
import type { Session } from "@atproto/oauth-provider-api";

/**
 * What the sign-in and consent page (apps/explorer/sign-in.html) is given, as JSON in the page. The
 * explorer's `src/oauth/page-data.ts` reads this shape; the Chromium test holds the two together.
 */
export interface AuthorizePageData {
  /** The pending request; the page's API calls are tied to it (the provider reads it from the Referer). */
  requestUri: string;
  /** Shown in full, as the atproto profile asks (metadata can be forged by any client). */
  clientId: string;
  /** Only for clients this server trusts (none by default): anyone can claim any name. */
  clientName?: string;
  /** Space-separated scopes asked for. */
  scope: string;
  /** The account the client asked for (`login_hint`), as a handle when it is known here. */
  loginHint?: string;
  /** Accounts already signed in on this browser. */
  sessions: Session[];
  /** The session to preselect (matches the hint). */
  selectedDid?: string;
  /** `login` forces the password again; `consent` forces the consent screen. */
  prompt?: string;
}

/** The error page's data: a message for the user, and no request to act on. */
export interface AuthorizeErrorData {
  error: string;
  message: string;
}

/** The page data of an authorization the provider could not settle without the user. */
export function authorizePageData(result: AuthorizationResultAuthorize): AuthorizePageData {
  const { client, parameters } = result;
  const data: AuthorizePageData = {
    requestUri: result.requestUri,
    clientId: client.id,
    scope: parameters.scope ?? "atproto",
    sessions: [...result.sessions],
  };
  if (client.isTrusted && client.metadata.client_name) data.clientName = client.metadata.client_name;
  if (result.loginHint) data.loginHint = result.loginHint;
  if (result.selectedDid) data.selectedDid = result.selectedDid;
  if (parameters.prompt) data.prompt = parameters.prompt;
  return data;
}
