// Public surface of the repository core. Codecs are namespaces (CBOR.encode, Tid.next); the rest are
// classes and functions named as in the protocol.
export * from "./bytes/index.js";
export * from "./car/index.js";
export * as CBOR from "./cbor/index.js";
export { Cid, DAG_CBOR, isValidCidSyntax, matchesCid, RAW, SHA256 } from "./cid.js";
export * from "./crypto/index.js";
export * from "./errors.js";
export * from "./lex/index.js";
export * from "./mst/index.js";
export * from "./repo/index.js";
export { sha256 } from "./sha256.js";
export * from "./storage/index.js";
export * as Tid from "./tid.js";
