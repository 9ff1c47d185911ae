// The OAuth attack table (security-cases.ts) against the reference PDS: the check on the table itself.
import { describe } from "vitest";
import { isReferencePdsInstalled, startReferencePds } from "../../../../peers/launch.js";
import { runSecurityCases } from "./security-cases.js";

const installed = isReferencePdsInstalled();

describe.skipIf(!installed)(
  installed
    ? "reference PDS"
    : "reference PDS (skipped: peer not installed; run bash scripts/setup-peers.sh)",
  () => {
    runSecurityCases("ref", async () => {
      const ref = await startReferencePds();
      return { url: ref.url, issuer: ref.url.replace("127.0.0.1", "localhost"), close: ref.stop };
    });
  },
);
