import { type Signer, verifySignature } from "@putrecord/repo";
import { type JwtClaims, JwtExpiredError, JwtInvalidError, parseJson } from "./jwt.js";

const MAX_VERIFIED = 10_000;
const utf8 = new TextEncoder();
const b64u = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString("base64url");

/**
 * ES256K JSON Web Tokens: an entryway signs with its secp256k1 key, and every cell verifies with the
 * public key alone (the reference's `PDS_ENTRYWAY_JWT_VERIFY_KEY_K256_PUBLIC_KEY_HEX`), so a cell can
 * check tokens but never mint them. The signature is atproto's: compact low-S over sha256 of the input.
 */
export function signEs256k(key: Signer, typ: string | undefined, claims: Record<string, unknown>): string {
  const header = typ === undefined ? { alg: "ES256K" } : { typ, alg: "ES256K" };
  const input = `${b64u(header)}.${b64u(claims)}`;
  return `${input}.${Buffer.from(key.sign(utf8.encode(input))).toString("base64url")}`;
}

/** The header's `alg` without verifying anything (to pick the key), or undefined when unreadable. */
export function jwtAlg(token: string): string | undefined {
  const dot = token.indexOf(".");
  if (dot <= 0) return undefined;
  try {
    const header = JSON.parse(Buffer.from(token.slice(0, dot), "base64url").toString("utf8"));
    return typeof header?.alg === "string" ? header.alg : undefined;
  } catch {
    return undefined;
  }
}

/** Verifies ES256K tokens of one key (a did:key); caches tokens already verified, as Hs256 does. */
export class Es256kVerifier {
  readonly #verified = new Map<string, { typ: string | undefined; claims: Readonly<JwtClaims> }>();

  constructor(readonly didKey: string) {}

  /** Checks signature, `typ` (undefined: none, as service tokens) and expiry; JwtInvalidError or JwtExpiredError. */
  verify(token: string, typ: string | undefined, now = Date.now()): JwtClaims {
    // One signature check per token: a client sends the same access token with every request.
    const known = this.#verified.get(token);
    const claims = known !== undefined && known.typ === typ ? known.claims : this.#check(token, typ);
    if (claims.exp * 1000 <= now) throw new JwtExpiredError(claims);
    if (known === undefined) {
      if (this.#verified.size >= MAX_VERIFIED) this.#verified.clear();
      this.#verified.set(token, { typ, claims });
    }
    return claims;
  }

  #check(token: string, typ: string | undefined): Readonly<JwtClaims> {
    const parts = token.split(".");
    if (parts.length !== 3) throw new JwtInvalidError("not three parts");
    const [head, body, sig] = parts as [string, string, string];
    const signature = Buffer.from(sig, "base64url");
    if (signature.length !== 64 || !verifySignature(this.didKey, utf8.encode(`${head}.${body}`), signature)) {
      throw new JwtInvalidError("bad signature");
    }
    const header = parseJson(head);
    if (header.alg !== "ES256K") throw new JwtInvalidError("bad alg");
    if (header.typ !== typ) throw new JwtInvalidError("bad typ");
    const claims = parseJson(body) as JwtClaims;
    if (typeof claims.exp !== "number") throw new JwtInvalidError("no exp");
    return Object.freeze(claims);
  }
}
