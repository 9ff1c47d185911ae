import { afterAll, beforeAll, expect, test } from "vitest";
import { type RunningServer, startServer } from "../src/index.js";

let server: RunningServer;
beforeAll(async () => {
  server = await startServer({ host: "127.0.0.1", port: 0 });
});
afterAll(() => server.close());

test("GET /xrpc/_health answers with a version", async () => {
  const res = await fetch(`${server.url}/xrpc/_health`);
  expect(res.status).toBe(200);
  expect(await res.json()).toHaveProperty("version");
});

test("an unknown method is a JSON XRPC error", async () => {
  const res = await fetch(`${server.url}/xrpc/com.example.nothing`);
  expect(res.status).toBe(404);
  expect((await res.json()).error).toBe("MethodNotImplemented");
});
