// The proxy and preference tables (_cases.ts, _preference-cases.ts) against the reference PDS: the check on the table itself.
import { describe } from "vitest";
import { isReferencePdsInstalled, startReferencePds } from "../../../../peers/launch.js";
import { runProxyCases } from "./_cases.js";
import { runPreferenceCases } from "./_preference-cases.js";

const installed = isReferencePdsInstalled();
const title = installed
  ? "proxying and service auth: reference PDS"
  : "proxying and service auth: reference PDS (skipped: peer not installed; run bash scripts/setup-peers.sh)";

const start = async (appView: { url: string; did: string }) => ({
  name: "ref",
  ...(await startReferencePds({ appView })),
});

describe.skipIf(!installed)(title, () => runProxyCases("reference", start));
describe.skipIf(!installed)(title.replace("proxying and service auth", "preferences"), () =>
  runPreferenceCases("reference", start),
);
