import { anyObject, anyStr, bool, obj } from "../../lib/schema.js";

/** Account status a session may report instead of being active. */
export type AccountStatus = "takendown" | "suspended" | "deactivated" | (string & {});

/** What createSession and refreshSession return: the tokens and the account they belong to. */
export type SessionData = {
  accessJwt: string;
  refreshJwt: string;
  handle: string;
  did: string;
  didDoc?: Record<string, unknown>;
  email?: string;
  emailConfirmed?: boolean;
  emailAuthFactor?: boolean;
  active?: boolean;
  status?: AccountStatus;
};

/** Response schema of SessionData. */
export const sessionSchema = /* @__PURE__ */ obj(
  { accessJwt: anyStr, refreshJwt: anyStr, handle: anyStr, did: anyStr },
  {
    didDoc: anyObject,
    email: anyStr,
    emailConfirmed: bool,
    emailAuthFactor: bool,
    active: bool,
    status: anyStr,
  },
);
