/** Base of the write pipeline's expected failures; api/repo-errors.ts maps them to XRPC errors. */
export class RepoWriteError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** The record breaks the data model, its lexicon or its key type. */
export class InvalidRecordError extends RepoWriteError {}

/** `swapCommit` named a commit other than the repo's head. */
export class BadCommitSwapError extends RepoWriteError {
  constructor(readonly current: string) {
    super(`Commit was at ${current}`);
  }
}

/** `swapRecord` did not match the record's current CID (null: absent). */
export class BadRecordSwapError extends RepoWriteError {
  constructor(readonly current: string | null) {
    super(`Record was at ${current}`);
  }
}

/** A create named a key that already holds a record (the reference answers 500 here). */
export class RecordAlreadyExistsError extends RepoWriteError {
  constructor(readonly path: string) {
    super(`Record already exists at ${path}`);
  }
}

/** An update named a key that holds no record (the reference answers 500 here). */
export class RecordNotFoundForUpdateError extends RepoWriteError {
  constructor(readonly path: string) {
    super(`Could not find record to update at ${path}`);
  }
}

/** A commit would break a protocol limit (ops per commit, event size). */
export class CommitTooLargeError extends RepoWriteError {}

/** An imported repo is not one: malformed, incomplete, another account's, or not signed by its owner. */
export class InvalidImportError extends RepoWriteError {
  constructor(readonly reason: string) {
    super(`Invalid repo import: ${reason}`);
  }
}
