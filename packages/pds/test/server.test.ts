import { afterAll, beforeAll, expect, test } from "vitest";
import { startTestPds, type TestPds, xrpc } from "./_util.js";

let pds: TestPds;
beforeAll(async () => {
  pds = await startTestPds();
});
afterAll(() => pds.close());

test("GET /xrpc/_health answers with a version", async () => {
  const res = await xrpc(pds.url, "_health");
  expect(res.status).toBe(200);
  expect(res.body.version).toMatch(/^\d+\.\d+\.\d+$/);
});

test("an unknown method is 501 MethodNotImplemented", async () => {
  const res = await xrpc(pds.url, "com.example.nothing");
  expect(res.status).toBe(501);
  expect(res.body).toEqual({ error: "MethodNotImplemented", message: "Method Not Implemented" });
});

test("a query called with POST is refused as the reference does", async () => {
  const res = await xrpc(pds.url, "_health", { method: "POST", body: {} });
  expect(res.status).toBe(400);
  expect(res.body).toEqual({ error: "InvalidRequest", message: "Incorrect HTTP method (POST) expected GET" });
});

test("CORS preflight is answered", async () => {
  const res = await fetch(`${pds.url}/xrpc/com.atproto.repo.putRecord`, { method: "OPTIONS" });
  expect(res.status).toBe(204);
  expect(res.headers.get("access-control-allow-origin")).toBe("*");
});
