import { accessStandard } from "../auth/verifier.js";
import type { CommitMeta, RecordWriteResult } from "../repo/types.js";

/** JSON body limit of the write methods (put, create, applyWrites), as the reference's jsonLimit. */
export const WRITE_BODY_LIMIT = 1_000_000;

/** What every repo write route declares the same way: auth, JSON input and the body limit. */
export const writeRouteBase = {
  type: "procedure" as const,
  auth: accessStandard,
  input: "json" as const,
  bodyLimit: WRITE_BODY_LIMIT,
};

/** The response's `commit`, omitted (undefined) when the write changed nothing. */
export function commitJson(commit: CommitMeta | null): { cid: string; rev: string } | undefined {
  return commit === null ? undefined : { cid: commit.cid.toString(), rev: commit.rev };
}

/** The answer of putRecord and createRecord: the record's URI and CID, the commit, the validation status. */
export function recordWriteJson(commit: CommitMeta | null, result: RecordWriteResult) {
  return {
    encoding: "application/json" as const,
    body: {
      uri: result.uri,
      cid: result.cid.toString(),
      commit: commitJson(commit),
      validationStatus: result.validationStatus,
    },
  };
}
