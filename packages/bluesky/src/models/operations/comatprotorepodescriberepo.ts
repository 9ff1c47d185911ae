import { atIdentifier } from "../../lib/formats.js";
import type { Operation } from "../../lib/operation.js";
import { anyObject, anyStr, arr, bool, obj } from "../../lib/schema.js";
import {
  ComAtprotoRepoDescribeRepoRepoResponseBody,
  ComAtprotoRepoDescribeRepoResponseBody as DescribeRepoBadRequest,
} from "../errors/comatprotorepodescriberepo.js";

/** Parameters of com.atproto.repo.describeRepo. */
export type ComAtprotoRepoDescribeRepoRequest = { repo: string };

/** Output of com.atproto.repo.describeRepo. */
export type ComAtprotoRepoDescribeRepoResponseBody = {
  handle: string;
  did: string;
  didDoc: Record<string, unknown>;
  /** NSIDs of the collections that hold at least one record. */
  collections: string[];
  /** Whether the handle resolves back to this DID. */
  handleIsCorrect: boolean;
};

/** com.atproto.repo.describeRepo: the account and collections of a repo. */
export const comAtprotoRepoDescribeRepo: Operation<
  ComAtprotoRepoDescribeRepoRequest,
  ComAtprotoRepoDescribeRepoResponseBody,
  DescribeRepoBadRequest,
  ComAtprotoRepoDescribeRepoRepoResponseBody
> = {
  id: "com.atproto.repo.describeRepo",
  kind: "query",
  auth: "optional",
  input: /* @__PURE__ */ obj({ repo: atIdentifier }),
  output: /* @__PURE__ */ obj({
    handle: anyStr,
    did: anyStr,
    didDoc: anyObject,
    collections: /* @__PURE__ */ arr(anyStr),
    handleIsCorrect: bool,
  }),
  errors: [],
  badRequest: DescribeRepoBadRequest,
  unauthorized: ComAtprotoRepoDescribeRepoRepoResponseBody,
};
