import { anyObject, anyStr, bool, obj } from "../../lib/schema.js";

/** Account status a session may report instead of being active. */
export type AccountStatus = "takendown" | "suspended" | "deactivated" | (string & {});

/** The account a session belongs to: what getSession returns, and every session carries. */
export type SessionAccount = {
  handle: string;
  did: string;
  didDoc?: Record<string, unknown>;
  email?: string;
  emailConfirmed?: boolean;
  emailAuthFactor?: boolean;
  active?: boolean;
  status?: AccountStatus;
};

/** What createSession and refreshSession return: the tokens and the account they belong to. */
export type SessionData = SessionAccount & { accessJwt: string; refreshJwt: string };

const accountRequired = { handle: anyStr, did: anyStr };
const accountOptional = {
  didDoc: anyObject,
  email: anyStr,
  emailConfirmed: bool,
  emailAuthFactor: bool,
  active: bool,
  status: anyStr,
};

/** Response schema of SessionAccount. */
export const sessionAccountSchema = /* @__PURE__ */ obj(accountRequired, accountOptional);

/** Response schema of SessionData. */
export const sessionSchema = /* @__PURE__ */ obj(
  { accessJwt: anyStr, refreshJwt: anyStr, ...accountRequired },
  accountOptional,
);
