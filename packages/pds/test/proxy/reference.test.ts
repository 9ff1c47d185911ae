// The proxy table (_cases.ts) against the reference PDS: the check on the table itself.
import { describe } from "vitest";
import { isReferencePdsInstalled, startReferencePds } from "../../../../peers/launch.js";
import { runProxyCases } from "./_cases.js";

const installed = isReferencePdsInstalled();
const title = installed
  ? "proxying and service auth: reference PDS"
  : "proxying and service auth: reference PDS (skipped: peer not installed; run bash scripts/setup-peers.sh)";

describe.skipIf(!installed)(title, () => {
  runProxyCases("reference", async (appView) => ({ name: "ref", ...(await startReferencePds({ appView })) }));
});
