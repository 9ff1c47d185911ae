import { RepoError } from "../errors.js";

/** Bytes are not a valid CAR v1 file; `offset` is where reading stopped. */
export class CarDecodeError extends RepoError {
  constructor(
    readonly offset: number,
    readonly reason: string,
  ) {
    super(`invalid car: ${reason}; offset=${offset}`);
  }
}
