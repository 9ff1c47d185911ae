/** The parts of a DID document atproto reads (DID Core, with the atproto service and key ids). */
export type DidDocument = {
  id: string;
  alsoKnownAs?: string[];
  verificationMethod?: { id: string; type: string; controller?: string; publicKeyMultibase?: string }[];
  service?: { id: string; type: string; serviceEndpoint: string | Record<string, unknown> }[];
  [key: string]: unknown;
};

/** True when `value` looks like the DID document of `did`: an object whose `id` is that DID. */
export function isDidDocumentOf(value: unknown, did: string): value is DidDocument {
  return typeof value === "object" && value !== null && (value as DidDocument).id === did;
}

/** The endpoint of a service by its id (`#atproto_pds`, or written out with the DID in front). */
function serviceEndpoint(doc: DidDocument, id: string, type: string): string | undefined {
  const service = doc.service?.find((s) => (s.id === id || s.id === doc.id + id) && s.type === type);
  const endpoint = service?.serviceEndpoint;
  if (typeof endpoint !== "string" || !URL.canParse(endpoint)) return undefined;
  const url = new URL(endpoint);
  // A PDS is reached over HTTP(S) at its origin; a path, query or credentials mean a malformed document.
  const clean = url.pathname === "/" && !url.search && !url.hash && !url.username && !url.password;
  return (url.protocol === "https:" || url.protocol === "http:") && clean ? url.origin : undefined;
}

/** The account's PDS origin (`https://pds.example`), or undefined when the document names none. */
export function pdsEndpoint(doc: DidDocument): string | undefined {
  return serviceEndpoint(doc, "#atproto_pds", "AtprotoPersonalDataServer");
}

/** The handle the document claims (`at://alice.example.com` in alsoKnownAs), or undefined. */
export function claimedHandle(doc: DidDocument): string | undefined {
  const aka = doc.alsoKnownAs?.find((a) => typeof a === "string" && a.startsWith("at://"));
  return aka?.slice("at://".length).toLowerCase();
}
