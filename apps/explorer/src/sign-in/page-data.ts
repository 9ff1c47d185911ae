/** An account as the provider describes it (`@atproto/oauth-provider-api`'s Account, what we use of it). */
export type PageAccount = { did: string; handle?: string; email?: string };

/** An account already signed in on this browser. */
export type PageSession = { account: PageAccount; loginRequired: boolean };

/**
 * What the PDS puts in the page (packages/pds/src/oauth/page-data.ts writes it): a pending request
 * to sign in and consent to, or an error to show. The Chromium test holds the two files together.
 */
export type PageData =
  | {
      requestUri: string;
      clientId: string;
      clientName?: string;
      scope: string;
      loginHint?: string;
      sessions: PageSession[];
      selectedDid?: string;
      prompt?: string;
    }
  | { error: string; message: string };

/** The request part of PageData. */
export type AuthorizeRequest = Exclude<PageData, { error: string }>;

/** Reads the data the PDS embedded in the page. */
export function readPageData(): PageData {
  const element = document.getElementById("authorize-data");
  if (!element?.textContent) return { error: "no_data", message: "This page was opened without a request." };
  return JSON.parse(element.textContent) as PageData;
}
