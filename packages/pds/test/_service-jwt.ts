// Reads and checks a service-auth token as a receiving service would: its header and claims decoded,
// its signature checked against the issuer's repo key from the DID document its PDS serves.
import { verifySignature } from "@putrecord/repo";
import { xrpc } from "../../../peers/target.js";
import { atprotoSigningKey, type DidDocument } from "../src/identity/did-document.js";

export interface DecodedJwt {
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
  /** Whether the signature verifies with the issuer's `#atproto` key. */
  verifies: boolean;
}

/** The repo signing key (did:key) in the DID document `pdsUrl` serves for `did` (describeRepo). */
export async function signingKeyFromPds(pdsUrl: string, did: string): Promise<string> {
  const { didDoc } = await xrpc<{ didDoc: DidDocument }>(
    { name: "pds", url: pdsUrl },
    "com.atproto.repo.describeRepo",
    {
      params: { repo: did },
    },
  );
  const key = atprotoSigningKey(didDoc);
  if (key === null) throw new Error(`no #atproto key in the DID document of ${did}`);
  return key;
}

/** Decodes a `Bearer` service token and checks its signature against `key`. */
export function decodeServiceJwt(token: string, key: string): DecodedJwt {
  const [head, body, sig] = token.replace(/^Bearer /, "").split(".") as [string, string, string];
  const part = (p: string) => JSON.parse(Buffer.from(p, "base64url").toString("utf8"));
  const data = Buffer.from(`${head}.${body}`, "utf8");
  return {
    header: part(head),
    payload: part(body),
    verifies: verifySignature(key, data, Buffer.from(sig, "base64url")),
  };
}
