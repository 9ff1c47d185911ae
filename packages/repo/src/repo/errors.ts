import { RepoError } from "../errors.js";

/** A commit block is malformed: wrong shape, version or field type. */
export class InvalidCommitError extends RepoError {
  constructor(
    readonly cid: { toString(): string } | null,
    readonly reason: string,
  ) {
    super(`invalid commit: ${reason}; cid=${cid?.toString() ?? "(unsaved)"}`);
  }
}

/** A commit's signature does not verify against the expected key. */
export class InvalidSignatureError extends RepoError {
  constructor(
    readonly cid: { toString(): string },
    readonly signingKeyDid: string,
  ) {
    super(`commit signature does not verify; cid=${cid.toString()} key=${signingKeyDid}`);
  }
}

/** A commit belongs to another repo than the one expected. */
export class RepoDidMismatchError extends RepoError {
  constructor(
    readonly expected: string,
    readonly actual: string,
  ) {
    super(`commit is for another repo; expected=${expected} actual=${actual}`);
  }
}

/** A firehose #commit event contradicts itself: ops, blocks, rev or prevData do not agree. */
export class InvalidCommitEventError extends RepoError {
  constructor(
    readonly commit: { toString(): string },
    readonly reason: string,
  ) {
    super(`invalid commit event: ${reason}; commit=${commit.toString()}`);
  }
}
