// The conformance table against the reference PDS (@atproto/pds from npm, run by peers/launch.ts).
// This is the check on the table itself: every expectation must hold for the reference.
import { describe } from "vitest";
import { isReferencePdsInstalled, startReferencePds } from "../../../../peers/launch.js";
import { runConformance } from "./runner.js";

const installed = isReferencePdsInstalled();
const title = installed
  ? "conformance: reference PDS"
  : "conformance: reference PDS (skipped: peer not installed; run bash scripts/setup-peers.sh)";

describe.skipIf(!installed)(title, () => {
  runConformance({
    side: "reference",
    newTarget: async () => ({ name: "ref", ...(await startReferencePds()) }),
  });
});
