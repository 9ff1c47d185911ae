export {
  type Commit,
  decodeCommit,
  encodeCommit,
  ensureCommitSignature,
  readCommit,
  signCommit,
  type UnsignedCommit,
  verifyCommitSignature,
} from "./commit.js";
export { formatDataKey, parseDataKey, type RecordPath } from "./data-key.js";
export {
  InvalidCommitError,
  InvalidCommitEventError,
  InvalidSignatureError,
  RepoDidMismatchError,
} from "./errors.js";
export {
  applyCommit,
  type CommitData,
  type CommitOp,
  type FormatCommitOptions,
  formatCommit,
  type RecordDelete,
  type RecordPut,
  type RecordWrite,
} from "./format-commit.js";
export { ReadableRepo, Repo, type RepoRecord } from "./repo.js";
