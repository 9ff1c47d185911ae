export type { MstDiff, MstOp } from "./diff.js";
export { InvalidMstKeyError, InvalidMstNodeError, MstKeyExistsError, MstKeyNotFoundError } from "./errors.js";
export { countPrefixLen, ensureValidMstKey, isValidMstKey, keyHeight, MAX_KEY_LENGTH } from "./key.js";
export { type ListOptions, Mst } from "./mst.js";
export { type MstEntry, MstNode, type NodeRef } from "./node.js";
export { type NodeCache, NodeStore } from "./node-store.js";
export { verifyMst } from "./verify.js";
export type { MstLeaf } from "./walk.js";
