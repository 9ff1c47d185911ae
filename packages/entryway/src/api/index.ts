import { listCells, moveAccount, pinPlacement, setCellAccepting } from "./admin.js";
import { createAccount } from "./createAccount.js";
import { createAppPassword } from "./createAppPassword.js";
import { createInviteCode } from "./createInviteCode.js";
import { createSession } from "./createSession.js";
import { deleteSession } from "./deleteSession.js";
import { describeServer } from "./describeServer.js";
import { getSession } from "./getSession.js";
import { listAppPasswords } from "./listAppPasswords.js";
import { listRepos } from "./listRepos.js";
import { refreshSession } from "./refreshSession.js";
import { resolveHandle } from "./resolveHandle.js";
import { revokeAppPassword } from "./revokeAppPassword.js";
import type { EntrywayRoute } from "./route.js";
import { updateHandle } from "./updateHandle.js";

/** What the entryway answers itself; every other XRPC call goes to the account's cell (proxy/). */
export const entrywayRoutes: EntrywayRoute[] = [
  describeServer,
  createAccount,
  createSession,
  refreshSession,
  deleteSession,
  getSession,
  createAppPassword,
  listAppPasswords,
  revokeAppPassword,
  createInviteCode,
  resolveHandle,
  updateHandle,
  listRepos,
  listCells,
  pinPlacement,
  setCellAccepting,
  moveAccount,
];
