import { anyStr, obj } from "../../lib/schema.js";

/** The commit a write landed in (`com.atproto.repo.defs#commitMeta`). */
export type ComAtprotoRepoDefsCommitMeta = { cid: string; rev: string };

/** Response schema of a commitMeta. */
export const commitMetaSchema = /* @__PURE__ */ obj({ cid: anyStr, rev: anyStr });

/** Known values of `validationStatus`; the field is an open string, servers may send others. */
export type ValidationStatus = "valid" | "unknown" | (string & {});

/** Response schema shared by putRecord and createRecord: `{ uri, cid, commit?, validationStatus? }`. */
export const writeOutputSchema = /* @__PURE__ */ obj(
  { uri: anyStr, cid: anyStr },
  { commit: commitMetaSchema, validationStatus: anyStr },
);
