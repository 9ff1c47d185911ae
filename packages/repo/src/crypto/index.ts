export { CURVES, type Curve, P256, SECP256K1 } from "./curves.js";
export { formatDidKey, type ParsedDidKey, parseDidKey } from "./did-key.js";
export { InvalidDidKeyError, InvalidPrivateKeyError } from "./errors.js";
export { EcdsaKeypair, P256Keypair, Secp256k1Keypair, type Signer } from "./keypair.js";
export { verifySignature } from "./verify.js";
