import { afterEach, describe, expect, it } from "vitest";
import { BlueskyCore } from "../src/core.js";
import { repoPutRecord } from "../src/funcs/repoPutRecord.js";
import { login } from "../src/lib/session.js";
import type { SessionData } from "../src/models/components/session.js";
import * as errors from "../src/models/errors/index.js";
import { Bluesky } from "../src/sdk/sdk.js";
import { type Fixture, json, PUT_OK, PUT_REQUEST, serve } from "./_util.js";

let fx: Fixture;
afterEach(() => fx?.close());

/** A PDS in miniature: tokens rotate on refresh; `expire()` makes the current access token expired. */
async function pds(options: { refreshFails?: boolean } = {}) {
  let generation = 1;
  let expired = false;
  const session = () => ({
    accessJwt: `access-${generation}`,
    refreshJwt: `refresh-${generation}`,
    handle: "alice.test",
    did: "did:plc:alice",
  });
  fx = await serve((req, res) => {
    const auth = req.headers.authorization;
    if (req.path.endsWith("createSession")) return json(res, 200, session());
    if (req.path.endsWith("refreshSession")) {
      if (options.refreshFails || auth !== `Bearer refresh-${generation}`) {
        return json(res, 400, { error: "ExpiredToken", message: "Token has expired" });
      }
      generation++;
      expired = false;
      // Slow enough that concurrent callers overlap with the refresh in flight.
      return void setTimeout(() => json(res, 200, session()), 30);
    }
    if (expired || auth !== `Bearer access-${generation}`) {
      return json(res, 400, { error: "ExpiredToken", message: "Token has expired" });
    }
    json(res, 200, PUT_OK);
  });
  return {
    expire: () => {
      expired = true;
    },
    count: (nsid: string) => fx.seen.filter((s) => s.path.endsWith(nsid)).length,
  };
}

describe("sessions", () => {
  it("logs in and sends the access token", async () => {
    await pds();
    const bluesky = new Bluesky({ serverURL: fx.url });
    const data = await bluesky.login({ identifier: "alice.test", password: "pw" });
    expect(data.did).toBe("did:plc:alice");
    expect(bluesky.session?.accessJwt).toBe("access-1");
    await bluesky.repo.putRecord(PUT_REQUEST);
    expect(fx.seen.at(-1)!.headers.authorization).toBe("Bearer access-1");
  });

  it("refreshes on ExpiredToken and retries the call once", async () => {
    const server = await pds();
    const updates: SessionData[] = [];
    const bluesky = new Bluesky({ serverURL: fx.url });
    await bluesky.login(
      { identifier: "alice.test", password: "pw" },
      { onUpdate: (s) => void updates.push(s) },
    );
    server.expire();
    const res = await bluesky.repo.putRecord(PUT_REQUEST);
    expect(res).toEqual(PUT_OK);
    expect(server.count("refreshSession")).toBe(1);
    expect(server.count("putRecord")).toBe(2);
    expect(bluesky.session?.accessJwt).toBe("access-2");
    expect(updates.map((u) => u.accessJwt)).toEqual(["access-1", "access-2"]);
  });

  it("shares one refresh between concurrent calls", async () => {
    const server = await pds();
    const client = new BlueskyCore({ serverURL: fx.url });
    await login(client, { identifier: "alice.test", password: "pw" });
    server.expire();
    const results = await Promise.all([1, 2, 3, 4].map(() => repoPutRecord(client, PUT_REQUEST)));
    expect(results.every((r) => r.ok)).toBe(true);
    expect(server.count("refreshSession")).toBe(1);
  });

  it("returns the original error when the refresh fails, without looping", async () => {
    const server = await pds({ refreshFails: true });
    const client = new BlueskyCore({ serverURL: fx.url });
    await login(client, { identifier: "alice.test", password: "pw" });
    server.expire();
    const res = await repoPutRecord(client, PUT_REQUEST);
    expect(res.error).toBeInstanceOf(errors.ComAtprotoRepoPutRecordResponseBody);
    expect((res.error as errors.ComAtprotoRepoPutRecordResponseBody).error).toBe("ExpiredToken");
    expect(server.count("refreshSession")).toBe(1);
    expect(server.count("putRecord")).toBe(1);
  });

  it("does not refresh without a session", async () => {
    const server = await pds();
    server.expire();
    const res = await repoPutRecord(new BlueskyCore({ serverURL: fx.url, bearer: "access-1" }), PUT_REQUEST);
    expect((res.error as errors.ComAtprotoRepoPutRecordResponseBody).error).toBe("ExpiredToken");
    expect(server.count("refreshSession")).toBe(0);
  });

  it("resumes a saved session and forgets it on logout", async () => {
    await pds();
    const bluesky = new Bluesky({ serverURL: fx.url, bearer: "fallback" });
    bluesky.resumeSession({
      accessJwt: "access-1",
      refreshJwt: "refresh-1",
      handle: "alice.test",
      did: "did:plc:alice",
    });
    await bluesky.repo.putRecord(PUT_REQUEST);
    await bluesky.logout();
    await expect(bluesky.repo.putRecord(PUT_REQUEST)).rejects.toBeInstanceOf(
      errors.ComAtprotoRepoPutRecordResponseBody,
    );
    // putRecord, deleteSession with the refresh token (refused here, forgotten anyway), putRecord.
    expect(fx.seen.map((s) => s.headers.authorization)).toEqual([
      "Bearer access-1",
      "Bearer refresh-1",
      "Bearer fallback",
    ]);
  });

  it("login throws the typed 401 for a wrong password", async () => {
    fx = await serve((_req, res) =>
      json(res, 401, { error: "AuthenticationRequired", message: "Invalid identifier or password" }),
    );
    const bluesky = new Bluesky({ serverURL: fx.url });
    const error = await bluesky.login({ identifier: "alice.test", password: "bad" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(errors.ComAtprotoServerCreateSessionServerResponseBody);
    expect(bluesky.session).toBeUndefined();
  });
});

describe("a session whose account moves", () => {
  it("follows the PDS named by the DID document a refresh returns", async () => {
    const did = "did:plc:alice";
    const moved = await serve((_req, res) => json(res, 200, PUT_OK));
    const didDoc = {
      id: did,
      service: [{ id: "#atproto_pds", type: "AtprotoPersonalDataServer", serviceEndpoint: moved.url }],
    };
    fx = await serve((req, res) => {
      const tokens = { handle: "alice.test", did };
      if (req.path.endsWith("createSession"))
        return json(res, 200, { ...tokens, accessJwt: "a1", refreshJwt: "r1" });
      if (req.path.endsWith("refreshSession"))
        return json(res, 200, { ...tokens, accessJwt: "a2", refreshJwt: "r2", didDoc });
      if (req.path.startsWith("/did:")) return json(res, 404, {}); // the PLC directory knows nothing
      json(res, 400, { error: "ExpiredToken", message: "Token has expired" });
    });
    try {
      const bluesky = new Bluesky({ serverURL: fx.url, identity: { plcDirectoryURL: fx.url } });
      await bluesky.login({ identifier: "alice.test", password: "pw" });
      expect(bluesky.session?.pdsURL).toBeUndefined();
      await bluesky.repo.putRecord(PUT_REQUEST);
      expect(bluesky.session?.pdsURL).toBe(moved.url);
      expect(moved.seen.map((s) => [s.path, s.headers.authorization])).toEqual([
        ["/xrpc/com.atproto.repo.putRecord", "Bearer a2"],
      ]);
    } finally {
      await moved.close();
    }
  });
});
