/** The repo has no root: never created here. */
export class RepoNotFoundError extends Error {
  constructor(readonly did: string) {
    super(`No repo root found for ${did}`);
    this.name = "RepoNotFoundError";
  }
}
