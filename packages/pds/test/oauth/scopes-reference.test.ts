// The scope table (scope-cases.ts) against the reference PDS: the check on the table itself.
import { describe } from "vitest";
import { isReferencePdsInstalled, startReferencePds } from "../../../../peers/launch.js";
import { runScopeCases } from "./scope-cases.js";

const installed = isReferencePdsInstalled();

describe.skipIf(!installed)(
  installed
    ? "reference PDS"
    : "reference PDS (skipped: peer not installed; run bash scripts/setup-peers.sh)",
  () => {
    runScopeCases("ref", async () => {
      const ref = await startReferencePds();
      // Its public URL (the issuer every proof's htu names) is localhost; it listens on 127.0.0.1.
      return { url: ref.url, issuer: ref.url.replace("127.0.0.1", "localhost"), close: ref.stop };
    });
  },
);
