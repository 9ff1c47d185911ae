// The proxy table (_cases.ts) against our PDS, in process.
import { describe } from "vitest";
import { startTestPds } from "../_util.js";
import { runProxyCases } from "./_cases.js";

describe("proxying and service auth: our PDS", () => {
  runProxyCases("ours", async (appView) => {
    const pds = await startTestPds({ network: { appViewUrl: appView.url, appViewDid: appView.did } });
    return { name: "ours", url: pds.url, stop: pds.close };
  });
});
