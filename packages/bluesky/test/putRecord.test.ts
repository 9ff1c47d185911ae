import { afterEach, describe, expect, it } from "vitest";
import { BlueskyCore } from "../src/core.js";
import { repoPutRecord } from "../src/funcs/repoPutRecord.js";
import { SDKValidationError } from "../src/models/errors/sdkvalidationerror.js";
import { always, type Fixture, PUT_OK, PUT_REQUEST, serve } from "./_util.js";

let fx: Fixture;
afterEach(() => fx?.close());

describe("repoPutRecord", () => {
  it("posts the request as JSON with the bearer and resolves to the typed response", async () => {
    fx = await serve(always(200, PUT_OK));
    const client = new BlueskyCore({ serverURL: fx.url, bearer: "tok" });
    const res = await repoPutRecord(client, { ...PUT_REQUEST, swapRecord: null, validate: true });
    expect(res).toEqual({ ok: true, value: PUT_OK });
    const [req] = fx.seen;
    expect(req!.method).toBe("POST");
    expect(req!.path).toBe("/xrpc/com.atproto.repo.putRecord");
    expect(req!.headers.authorization).toBe("Bearer tok");
    expect(req!.headers["content-type"]).toBe("application/json");
    expect(JSON.parse(req!.body)).toEqual({ ...PUT_REQUEST, swapRecord: null, validate: true });
  });

  it("keeps an unknown validationStatus", async () => {
    fx = await serve(always(200, { ...PUT_OK, validationStatus: "pending" }));
    const res = await repoPutRecord(new BlueskyCore({ serverURL: fx.url }), PUT_REQUEST);
    expect(res.ok && res.value.validationStatus).toBe("pending");
  });

  it("fails with SDKValidationError naming the field, before any request", async () => {
    fx = await serve(always(200, PUT_OK));
    const client = new BlueskyCore({ serverURL: fx.url });
    const res = await repoPutRecord(client, { ...PUT_REQUEST, rkey: "a/b" });
    expect(res.ok).toBe(false);
    const error = res.error as SDKValidationError;
    expect(error).toBeInstanceOf(SDKValidationError);
    expect(error.field).toBe("rkey");
    expect(error.pretty()).toContain("rkey: expected a record key");
    expect(fx.seen).toHaveLength(0);
  });
});
