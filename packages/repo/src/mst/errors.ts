import { RepoError } from "../errors.js";

/** A key is not a valid MST key (`<collection>/<rkey>`, ≤1024 chars, allowed charset). */
export class InvalidMstKeyError extends RepoError {
  constructor(readonly key: string) {
    super(`invalid mst key; key=${JSON.stringify(key.length > 100 ? `${key.slice(0, 100)}…` : key)}`);
  }
}

/** `add` found a value already at the key. */
export class MstKeyExistsError extends RepoError {
  constructor(readonly key: string) {
    super(`there is already a value at key; key=${key}`);
  }
}

/** `update` found no value at the key. */
export class MstKeyNotFoundError extends RepoError {
  constructor(readonly key: string) {
    super(`no value at key; key=${key}`);
  }
}

/** An MST node block is malformed or breaks the tree's invariants (order, layer, prefix). */
export class InvalidMstNodeError extends RepoError {
  constructor(
    readonly cid: { toString(): string } | null,
    readonly reason: string,
  ) {
    super(`invalid mst node: ${reason}; cid=${cid?.toString() ?? "(unsaved)"}`);
  }
}
