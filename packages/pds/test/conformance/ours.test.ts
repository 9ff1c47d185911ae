// The conformance table against our PDS, in process. Cases it does not pass yet are skipped with the reason.
import { describe } from "vitest";
import { startTestPds } from "../_util.js";
import { runConformance } from "./runner.js";

describe("conformance: our PDS", () => {
  runConformance({
    side: "ours",
    newTarget: async () => {
      const pds = await startTestPds();
      return { name: "ours", url: pds.url, stop: pds.close };
    },
  });
});
