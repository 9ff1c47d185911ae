import { sequenceAccountStatus } from "../../../../account/events.js";
import { adminAuth } from "../../../../auth/verifier.js";
import { InvalidRequestError } from "../../../../xrpc/errors.js";
import { defineRoute } from "../../../../xrpc/route.js";
import { mapAccountErrors } from "../../../account-errors.js";
import { objectInput } from "../../../input.js";

const REPO_REF = "com.atproto.admin.defs#repoRef";

interface StatusAttr {
  applied: boolean;
  ref?: string;
}

function statusAttr(value: unknown, key: string): StatusAttr | undefined {
  if (value === undefined) return undefined;
  const attr = objectInput(value);
  if (typeof attr.applied !== "boolean")
    throw new InvalidRequestError(`Input/${key}/applied must be a boolean`);
  if (attr.ref !== undefined && typeof attr.ref !== "string") {
    throw new InvalidRequestError(`Input/${key}/ref must be a string`);
  }
  return { applied: attr.applied, ref: attr.ref as string | undefined };
}

/** `com.atproto.admin.updateSubjectStatus` (admin Basic auth): takes an account down or restores it. */
export const updateSubjectStatus = defineRoute({
  nsid: "com.atproto.admin.updateSubjectStatus",
  type: "procedure",
  auth: adminAuth,
  input: "json",
  parseInput: (body) => {
    const input = objectInput(body);
    const subject = objectInput(input.subject);
    if (subject.$type !== REPO_REF || typeof subject.did !== "string") {
      throw new InvalidRequestError(`Only account subjects (${REPO_REF}) are supported`);
    }
    return {
      subject: { $type: REPO_REF, did: subject.did },
      takedown: statusAttr(input.takedown, "takedown"),
      deactivated: statusAttr(input.deactivated, "deactivated"),
    };
  },
  handler: async ({ ctx, input }) => {
    const { did } = input.subject;
    await mapAccountErrors(() => {
      if (input.takedown)
        ctx.accounts.setTakedown(did, input.takedown.applied ? (input.takedown.ref ?? "admin") : null);
      if (input.deactivated)
        ctx.accounts.setDeactivated(did, input.deactivated.applied ? new Date().toISOString() : null);
    });
    sequenceAccountStatus(ctx, did);
    return { encoding: "application/json", body: { subject: input.subject, takedown: input.takedown } };
  },
});
