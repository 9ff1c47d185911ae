// The proxy and preference tables (_cases.ts, _preference-cases.ts) against our PDS, in process.
import { describe } from "vitest";
import { startTestPds } from "../_util.js";
import { runProxyCases } from "./_cases.js";
import { runPreferenceCases } from "./_preference-cases.js";

async function start(appView: { url: string; did: string }) {
  const pds = await startTestPds({ network: { appViewUrl: appView.url, appViewDid: appView.did } });
  return { name: "ours", url: pds.url, stop: pds.close };
}

describe("proxying and service auth: our PDS", () => runProxyCases("ours", start));
describe("preferences: our PDS", () => runPreferenceCases("ours", start));
