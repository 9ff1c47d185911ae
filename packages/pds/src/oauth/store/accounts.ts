import {
  InvalidCredentialsError,
  InvalidRequestError as OAuthInvalidRequestError,
} from "@atproto/oauth-provider/errors";
import type {
  Account,
  AccountStore,
  AuthenticateAccountData,
  AuthorizedClientData,
  AuthorizedClients,
  DeviceAccount,
  DeviceId,
  Did,
} from "@atproto/oauth-provider/store";
import type { AccountManager } from "../../account/manager.js";
import { MAX_PASSWORD_LENGTH, verifyPassword } from "../../account/passwords.js";
import { providerAccount } from "./account.js";
import type { DeviceAccounts } from "./device-accounts.js";

/**
 * The provider's view of our accounts: sign-in with the account password (app passwords are for the
 * older session API, as the reference decides), the clients each account approved, and the accounts
 * signed in on each browser. Account management (sign-up, email, password reset, handle, deactivation,
 * deletion) stays on the XRPC methods: the provider's account pages are not served here.
 */
export class OAuthAccountStore implements AccountStore {
  constructor(
    private readonly accounts: AccountManager,
    private readonly devices: DeviceAccounts,
    private readonly serviceDid: string,
  ) {}

  async authenticateAccount(data: AuthenticateAccountData): Promise<Account> {
    if (data.emailOtp !== undefined) throw new OAuthInvalidRequestError("Email codes are not used here");
    const account = this.accounts.findByIdentifier(data.username);
    const hash = account && this.accounts.passwordHash(account.did);
    const valid =
      hash !== null &&
      data.password.length <= MAX_PASSWORD_LENGTH &&
      (await verifyPassword(data.password, hash));
    // One message for an unknown identifier and a wrong password, so neither can be probed.
    if (!account || !valid) {
      throw new InvalidCredentialsError("Invalid identifier or password", account?.did as Did | undefined);
    }
    if (account.takedownRef !== null) throw new OAuthInvalidRequestError("Account was taken down");
    return providerAccount(account, this.serviceDid);
  }

  getAccount(did: Did): { account: Account; authorizedClients: AuthorizedClients } {
    const account = this.accounts.getAccount(did);
    if (!account || account.takedownRef !== null) throw new OAuthInvalidRequestError("Account not found");
    return {
      account: providerAccount(account, this.serviceDid),
      authorizedClients: this.devices.authorizedClients(did),
    };
  }

  setAuthorizedClient(did: Did, clientId: string, data: AuthorizedClientData): void {
    this.devices.setAuthorizedClient(did, clientId, data);
  }

  upsertDeviceAccount(deviceId: DeviceId, did: Did): void {
    this.devices.upsert(deviceId, did);
  }

  getDeviceAccount(deviceId: DeviceId, did: Did): DeviceAccount | null {
    return this.devices.get(deviceId, did);
  }

  removeDeviceAccount(deviceId: DeviceId, did: Did): void {
    this.devices.remove(deviceId, did);
  }

  listDeviceAccounts(filter: { did: Did } | { deviceId: DeviceId }): DeviceAccount[] {
    return this.devices.list(filter);
  }

  createAccount(): never {
    return unsupported("Sign-up", "com.atproto.server.createAccount");
  }
  verifyHandleAvailability(): never {
    return unsupported("Handle checks", "com.atproto.server.createAccount");
  }
  updateHandle(): never {
    return unsupported("Handle changes", "com.atproto.identity.updateHandle");
  }
  resetPasswordRequest(): never {
    return unsupported("Password reset", "an administrator");
  }
  resetPasswordConfirm(): never {
    return unsupported("Password reset", "an administrator");
  }
  updateEmailRequest(): never {
    return unsupported("Email changes", "an administrator");
  }
  updateEmailConfirm(): never {
    return unsupported("Email changes", "an administrator");
  }
  verifyEmailRequest(): never {
    return unsupported("Email verification", "an administrator");
  }
  verifyEmailConfirm(): never {
    return unsupported("Email verification", "an administrator");
  }
  deactivateAccount(): never {
    return unsupported("Deactivation", "com.atproto.server.deactivateAccount");
  }
  reactivateAccount(): never {
    return unsupported("Reactivation", "com.atproto.server.activateAccount");
  }
  deleteAccountRequest(): never {
    return unsupported("Account deletion", "an administrator");
  }
  deleteAccountConfirm(): never {
    return unsupported("Account deletion", "an administrator");
  }
}

function unsupported(what: string, instead: string): never {
  throw new OAuthInvalidRequestError(`${what} is not offered on this server's sign-in pages; use ${instead}`);
}
