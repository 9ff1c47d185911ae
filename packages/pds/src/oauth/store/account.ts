import type { Account as ProviderAccount } from "@atproto/oauth-provider-api";
import type { Account } from "../../account/manager.js";

/**
 * An account as the provider and its pages see it. We keep no email verification, so `emailVerified`
 * is false whenever there is an email (what getSession says too).
 */
export function providerAccount(account: Account, serviceDid: string): ProviderAccount {
  const out: ProviderAccount = {
    did: account.did as ProviderAccount["did"],
    pds: serviceDid as ProviderAccount["pds"],
    handle: account.handle as ProviderAccount["handle"],
    deactivated: account.deactivatedAt !== null,
  };
  if (account.email !== undefined) {
    out.email = account.email;
    out.emailVerified = false;
  }
  return out;
}
