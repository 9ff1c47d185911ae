import { CBOR, Cid, DAG_CBOR, type LexMap, verifySignature } from "@putrecord/repo";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { decodePlcOp } from "../src/account/plc.js";
import { createTestAccount, startTestPds, type TestAccount, type TestPds, xrpc } from "./_util.js";

let pds: TestPds;
let alice: TestAccount;
beforeAll(async () => {
  pds = await startTestPds();
  alice = await createTestAccount(pds, "alice");
});
afterAll(() => pds.close());

test("describeServer names the service DID and the dev handle domain", async () => {
  const res = await xrpc(pds.url, "com.atproto.server.describeServer");
  expect(res.status).toBe(200);
  expect(res.body).toEqual({
    did: "did:web:localhost",
    availableUserDomains: [".test"],
    inviteCodeRequired: false,
    phoneVerificationRequired: false,
    links: {},
    contact: {},
  });
});

test("resolveHandle finds hosted handles, in any case", async () => {
  const res = await xrpc(pds.url, "com.atproto.identity.resolveHandle", { params: { handle: "Alice.Test" } });
  expect([res.status, res.body]).toEqual([200, { did: alice.did }]);
});

test("resolveHandle: an unknown handle is 400 HandleNotFound, a missing param 400 InvalidRequest", async () => {
  const unknown = await xrpc(pds.url, "com.atproto.identity.resolveHandle", {
    params: { handle: "nobody.test" },
  });
  expect(unknown.status).toBe(400);
  expect(unknown.body.error).toBe("HandleNotFound");
  const missing = await xrpc(pds.url, "com.atproto.identity.resolveHandle");
  expect([missing.status, missing.body.error]).toEqual([400, "InvalidRequest"]);
});

const wellKnown = (host: string) =>
  new Promise<{ status: number; body: string; type: string }>((resolve, reject) => {
    // fetch() does not let a request set Host; node:http does.
    import("node:http").then(({ request }) => {
      const url = new URL(`${pds.url}/.well-known/atproto-did`);
      const req = request(
        { host: url.hostname, port: url.port, path: url.pathname, headers: { host } },
        (res) => {
          let body = "";
          res.on("data", (c) => {
            body += c;
          });
          res.on("end", () =>
            resolve({ status: res.statusCode!, body, type: String(res.headers["content-type"]) }),
          );
        },
      );
      req.on("error", reject);
      req.end();
    }, reject);
  });

test("/.well-known/atproto-did answers the DID of the handle in Host", async () => {
  const res = await wellKnown("alice.test:2583");
  expect(res).toEqual({ status: 200, body: alice.did, type: "text/plain; charset=utf-8" });
  expect((await wellKnown("nobody.test")).status).toBe(404);
});

describe("updateHandle", () => {
  test("a new did:plc operation names the new handle; lookups, well-known and the firehose follow", async () => {
    const carol = await createTestAccount(pds, "carol");
    const genesis = pds.ctx.accounts.plcOperation(carol.did)!;
    const before = pds.ctx.sequencer.lastSeq();
    const res = await xrpc(pds.url, "com.atproto.identity.updateHandle", {
      token: carol.accessJwt,
      body: { handle: "Caroline.test" },
    });
    expect(res.status).toBe(200);
    const op = decodePlcOp(pds.ctx.accounts.plcOperation(carol.did)!);
    expect(op.alsoKnownAs).toEqual(["at://caroline.test"]);
    expect(op.prev).toBe(Cid.create(DAG_CBOR, genesis).toString());
    const { sig, ...unsigned } = op;
    const signed = verifySignature(
      op.rotationKeys.at(-1)!,
      CBOR.encode(unsigned as unknown as LexMap),
      new Uint8Array(Buffer.from(sig, "base64url")),
    );
    expect(signed).toBe(true);
    const resolved = await xrpc(pds.url, "com.atproto.identity.resolveHandle", {
      params: { handle: "caroline.test" },
    });
    expect(resolved.body.did).toBe(carol.did);
    expect(
      (await xrpc(pds.url, "com.atproto.identity.resolveHandle", { params: { handle: "carol.test" } }))
        .status,
    ).toBe(400);
    expect((await wellKnown("caroline.test")).body).toBe(carol.did);
    const events = pds.ctx.sequencer.after(before, 100).filter((e) => e.did === carol.did);
    expect(events.map((e) => [e.type, e.body.handle])).toEqual([["identity", "caroline.test"]]);
    const session = await xrpc(pds.url, "com.atproto.server.getSession", { token: carol.accessJwt });
    expect(session.body.handle).toBe("caroline.test");
  });

  test("a taken or invalid handle is refused and nothing changes", async () => {
    const dan = await createTestAccount(pds, "danny");
    const taken = await xrpc(pds.url, "com.atproto.identity.updateHandle", {
      token: dan.accessJwt,
      body: { handle: "alice.test" },
    });
    expect([taken.status, taken.body]).toEqual([
      400,
      { error: "HandleNotAvailable", message: "Handle already taken: alice.test" },
    ]);
    const bad = await xrpc(pds.url, "com.atproto.identity.updateHandle", {
      token: dan.accessJwt,
      body: { handle: "danny.example.com" },
    });
    // A handle outside this server's domains must resolve to the account (the reference's message).
    expect([bad.status, bad.body]).toEqual([
      400,
      { error: "InvalidRequest", message: "External handle did not resolve to DID" },
    ]);
    expect(pds.ctx.accounts.getAccount(dan.did)?.handle).toBe("danny.test");
    expect(decodePlcOp(pds.ctx.accounts.plcOperation(dan.did)!).prev).toBeNull();
  });
});
