import { BlueskyError } from "./blueskyerror.js";

/** One schema violation: where (a dotted path, e.g. `writes.0.rkey`) and what was expected. */
export type Issue = { path: string; message: string };

/** Formats issues one per line, for logs and terminals. */
export function formatIssues(issues: readonly Issue[]): string {
  return issues.map((i) => `  ${i.path || "(root)"}: ${i.message}`).join("\n");
}

/** The input failed validation before any request was sent; `field` names the first offending field. */
export class SDKValidationError extends Error {
  override readonly name = "SDKValidationError";
  readonly field: string;

  constructor(
    readonly rawMessage: string,
    readonly rawValue: unknown,
    readonly issues: readonly Issue[],
  ) {
    super(`${rawMessage}: ${issues.map((i) => `${i.path}: ${i.message}`).join("; ")}`);
    this.field = issues[0]?.path ?? "";
  }

  /** A multi-line, human-readable account of every issue. */
  pretty(): string {
    return `${this.rawMessage}\n${formatIssues(this.issues)}`;
  }
}

/** A success response whose body does not match the operation's schema; it keeps the response. */
export class ResponseValidationError extends BlueskyError {
  override readonly name = "ResponseValidationError";

  constructor(
    response: Response,
    body: string,
    readonly rawValue: unknown,
    readonly issues: readonly Issue[],
  ) {
    super(
      `Response validation failed: ${issues.map((i) => `${i.path}: ${i.message}`).join("; ")}`,
      response,
      body,
    );
  }

  /** A multi-line, human-readable account of every issue. */
  pretty(): string {
    return `Response validation failed\n${formatIssues(this.issues)}`;
  }
}
