import { build } from "esbuild";
import { afterEach, describe, expect, it, vi } from "vitest";
import { always, type Fixture, PUT_OK, PUT_REQUEST, serve } from "./_util.js";

let fx: Fixture;
afterEach(() => {
  vi.unstubAllEnvs();
  return fx?.close();
});

describe("the API page's examples, through the package's own entry points", () => {
  it("class: new Bluesky({ bearer }) reaches the PDS named by BLUESKY_SERVER_URL", async () => {
    fx = await serve(always(200, PUT_OK));
    vi.stubEnv("BLUESKY_SERVER_URL", fx.url);
    vi.stubEnv("BLUESKY_BEARER", "env-token");
    const { Bluesky } = await import("bluesky");
    const bluesky = new Bluesky({ bearer: process.env.BLUESKY_BEARER ?? "" });
    const result = await bluesky.repo.putRecord(PUT_REQUEST);
    expect(result).toEqual(PUT_OK);
    expect(fx.seen[0]!.headers.authorization).toBe("Bearer env-token");
  });

  it("standalone: BlueskyCore + repoPutRecord resolve to a Result", async () => {
    fx = await serve(always(200, PUT_OK));
    const { BlueskyCore } = await import("bluesky/core.js");
    const { repoPutRecord } = await import("bluesky/funcs/repoPutRecord.js");
    const bluesky = new BlueskyCore({ serverURL: fx.url, bearer: "t" });
    const res = await repoPutRecord(bluesky, PUT_REQUEST);
    if (!res.ok) throw res.error;
    expect(res.value.cid).toBe(PUT_OK.cid);
  });

  it("class methods throw the typed error the standalone function returns", async () => {
    fx = await serve(always(400, { error: "InvalidSwap", message: "Record was at bafyold" }));
    const { Bluesky, errors } = await import("bluesky");
    const bluesky = new Bluesky({ serverURL: fx.url });
    const error = await bluesky.repo.putRecord({ ...PUT_REQUEST, swapRecord: null }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(errors.ComAtprotoRepoPutRecordResponseBody);
    expect(error).toMatchObject({ error: "InvalidSwap", statusCode: 400, message: "Record was at bafyold" });
  });

  it("import 'bluesky' pulls in neither React nor TanStack Query", async () => {
    const result = await build({
      stdin: { contents: 'export * from "bluesky";', resolveDir: process.cwd() },
      bundle: true,
      write: false,
      metafile: true,
      format: "esm",
      platform: "neutral",
      conditions: ["bsky-source"],
      logLevel: "silent",
    });
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.some((p) => p.includes("packages/bluesky/src/index.ts"))).toBe(true);
    expect(inputs.filter((p) => /node_modules\/(react|react-dom|@tanstack)\//.test(p))).toEqual([]);
  });
});
