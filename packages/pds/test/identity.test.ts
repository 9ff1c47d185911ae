import { afterAll, beforeAll, expect, test } from "vitest";
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
