import { consent, reject } from "./provider-api.js";

/** Sends the browser back to the app: the provider's redirect endpoint forwards the outcome. */
export async function leave(outcome: Promise<{ url: string }>): Promise<void> {
  const { url } = await outcome;
  window.location.assign(url);
}

/** Approves as `did` and returns to the app. */
export const allow = (did: string, ephemeralToken?: string) => leave(consent(did, ephemeralToken));

/** Refuses and returns to the app (which learns `access_denied`). */
export const deny = () => leave(reject());
