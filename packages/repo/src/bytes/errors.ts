import { RepoError } from "../errors.js";

/** Text is not valid in the named encoding; `index` is the first bad character. */
export class RangeDecodeError extends RepoError {
  constructor(
    readonly encoding: string,
    readonly index: number,
  ) {
    super(`invalid ${encoding} text; index=${index}`);
  }
}
