import { activateAccount } from "./activateAccount.js";
import { checkAccountStatus } from "./checkAccountStatus.js";
import { createAccount } from "./createAccount.js";
import { createAppPassword } from "./createAppPassword.js";
import { createInviteCode } from "./createInviteCode.js";
import { createSession } from "./createSession.js";
import { deactivateAccount } from "./deactivateAccount.js";
import { deleteSession } from "./deleteSession.js";
import { describeServer } from "./describeServer.js";
import { getServiceAuth } from "./getServiceAuth.js";
import { getSession } from "./getSession.js";
import { listAppPasswords } from "./listAppPasswords.js";
import { refreshSession } from "./refreshSession.js";
import { revokeAppPassword } from "./revokeAppPassword.js";

/** The `com.atproto.server.*` methods: accounts, sessions and app passwords. */
export const serverRoutes = [
  describeServer,
  createAccount,
  createSession,
  refreshSession,
  getSession,
  deleteSession,
  createAppPassword,
  createInviteCode,
  listAppPasswords,
  revokeAppPassword,
  deactivateAccount,
  activateAccount,
  getServiceAuth,
  checkAccountStatus,
];
