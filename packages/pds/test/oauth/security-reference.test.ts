// The OAuth attack table (security-cases.ts) against the reference PDS: the check on the table itself.
import { describe } from "vitest";
import { isReferencePdsInstalled } from "../../../../peers/launch.js";
import { startReferenceTarget } from "./scope-cases.js";
import { runSecurityCases } from "./security-cases.js";

const installed = isReferencePdsInstalled();

describe.skipIf(!installed)(
  installed
    ? "reference PDS"
    : "reference PDS (skipped: peer not installed; run bash scripts/setup-peers.sh)",
  () => runSecurityCases("ref", startReferenceTarget),
);
