/** Full access: a password session. */
export const SCOPE_ACCESS = "com.atproto.access";
/** An app-password session. */
export const SCOPE_APP_PASS = "com.atproto.appPass";
/** A privileged app-password session. */
export const SCOPE_APP_PASS_PRIVILEGED = "com.atproto.appPassPrivileged";
/** A refresh token. */
export const SCOPE_REFRESH = "com.atproto.refresh";
/** A session of a taken-down account that asked for one (`allowTakendown`). */
export const SCOPE_TAKENDOWN = "com.atproto.takendown";

/** Scopes that may call ordinary authenticated methods, record writes included. */
export const ACCESS_STANDARD: readonly string[] = [SCOPE_ACCESS, SCOPE_APP_PASS, SCOPE_APP_PASS_PRIVILEGED];
/** Scopes that may manage credentials (create app passwords, deactivate the account). */
export const ACCESS_FULL: readonly string[] = [SCOPE_ACCESS];
/** Access token typ (RFC 9068). */
export const TYP_ACCESS = "at+jwt";
/** Refresh token typ. */
export const TYP_REFRESH = "refresh+jwt";
