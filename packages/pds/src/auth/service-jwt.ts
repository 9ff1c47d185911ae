import { randomBytes } from "node:crypto";
import { parseDidKey, type Signer, verifySignature } from "@putrecord/repo";

/** The claims of an inter-service token (atproto "service auth"). */
export interface ServiceJwtPayload {
  iat?: number;
  iss: string;
  aud: string;
  exp: number;
  lxm?: string;
  jti?: string;
}

/** A service token that does not verify; `error` is the reference's error name for the failure. */
export class ServiceJwtError extends Error {
  constructor(
    readonly error:
      | "BadJwt"
      | "BadJwtType"
      | "JwtExpired"
      | "BadJwtAudience"
      | "BadJwtLexiconMethod"
      | "BadJwtIss"
      | "BadJwtSignature",
    message: string,
  ) {
    super(message);
    this.name = "ServiceJwtError";
  }
}

/** The reference's default lifetime of a service token: one minute. */
export const SERVICE_JWT_TTL_S = 60;

const b64u = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString("base64url");

/**
 * Signs a service token with the account's repo key: `{typ: "JWT", alg}` and `{iat, iss, aud, exp, lxm,
 * jti}` in the reference's order. `exp` defaults to a minute from now; a null `lxm` binds no method.
 */
export function createServiceJwt(params: {
  iss: string;
  aud: string;
  lxm: string | null;
  exp?: number;
  signer: Signer;
}): string {
  const iat = Math.floor(Date.now() / 1000);
  const payload: ServiceJwtPayload = {
    iat,
    iss: params.iss,
    aud: params.aud,
    exp: params.exp ?? iat + SERVICE_JWT_TTL_S,
  };
  if (params.lxm !== null) payload.lxm = params.lxm;
  payload.jti = randomBytes(16).toString("hex");
  const input = `${b64u({ typ: "JWT", alg: params.signer.jwtAlg })}.${b64u(payload)}`;
  const sig = params.signer.sign(Buffer.from(input, "utf8"));
  return `${input}.${Buffer.from(sig).toString("base64url")}`;
}

/** What a service token must say to be accepted here. */
export interface ServiceJwtExpectation {
  /** This server's DID (tokens for another audience are refused). */
  aud: string;
  /** The method called; the token's `lxm` must name it. */
  lxm: string;
  /** The issuer's signing key (`did:key:…`), fresh from its DID document when `forceRefresh`. */
  signingKey: (iss: string, forceRefresh: boolean) => Promise<string>;
}

/**
 * Verifies a service token: shape, `typ` (never a session or DPoP token), expiry, audience, method,
 * issuer syntax, then the signature by the issuer's key, asking for a fresh key once if it fails (the
 * key may just have rotated). Throws ServiceJwtError; the key lookup's own errors pass through.
 */
export async function verifyServiceJwt(
  token: string,
  expect: ServiceJwtExpectation,
): Promise<ServiceJwtPayload> {
  const parts = token.split(".");
  if (parts.length !== 3) throw new ServiceJwtError("BadJwt", "poorly formatted jwt");
  const header = decodePart(parts[0]!);
  if (typeof header.alg !== "string") throw new ServiceJwtError("BadJwt", "poorly formatted jwt");
  if (header.typ === "at+jwt" || header.typ === "refresh+jwt" || header.typ === "dpop+jwt") {
    throw new ServiceJwtError("BadJwtType", `Invalid jwt type "${String(header.typ)}"`);
  }
  const payload = decodePart(parts[1]!) as unknown as ServiceJwtPayload;
  if (typeof payload.iss !== "string" || typeof payload.aud !== "string" || typeof payload.exp !== "number") {
    throw new ServiceJwtError("BadJwt", "poorly formatted jwt");
  }
  if (Date.now() / 1000 > payload.exp) throw new ServiceJwtError("JwtExpired", "jwt expired");
  if (payload.aud !== expect.aud) {
    throw new ServiceJwtError("BadJwtAudience", "jwt audience does not match service did");
  }
  if (payload.lxm !== expect.lxm) {
    throw new ServiceJwtError(
      "BadJwtLexiconMethod",
      payload.lxm === undefined
        ? `missing jwt lexicon method ("lxm"). must match: ${expect.lxm}`
        : `bad jwt lexicon method ("lxm"). must match: ${expect.lxm}`,
    );
  }
  if (!/^did:[a-z]+:[a-zA-Z0-9._:%-]+$/.test(payload.iss)) {
    throw new ServiceJwtError("BadJwtIss", "jwt iss is not a valid did");
  }
  const data = Buffer.from(`${parts[0]}.${parts[1]}`, "utf8");
  const sig = Buffer.from(parts[2]!, "base64url");
  const verifies = (key: string) => {
    try {
      return parseDidKey(key).curve.jwtAlg === header.alg && verifySignature(key, data, sig);
    } catch {
      return false;
    }
  };
  const key = await expect.signingKey(payload.iss, false);
  if (verifies(key)) return payload;
  const fresh = await expect.signingKey(payload.iss, true);
  if (fresh !== key && verifies(fresh)) return payload;
  throw new ServiceJwtError("BadJwtSignature", "jwt signature does not match jwt issuer");
}

function decodePart(part: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, "base64url").toString("utf8"));
    if (value !== null && typeof value === "object" && !Array.isArray(value))
      return value as Record<string, unknown>;
  } catch {
    // the same failure as a non-object
  }
  throw new ServiceJwtError("BadJwt", "poorly formatted jwt");
}
