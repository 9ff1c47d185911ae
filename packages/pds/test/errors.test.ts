import { spawn } from "node:child_process";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, expect, test } from "vitest";
import { createLogger, logRequest } from "../src/logging.js";
import { defineRoute } from "../src/xrpc/route.js";
import { startTestPds, type TestPds, xrpc } from "./_util.js";

let pds: TestPds;
beforeAll(async () => {
  pds = await startTestPds();
  pds.app.router.add(
    defineRoute({
      nsid: "com.example.test.explode",
      type: "query",
      handler: () => {
        throw new Error("secret detail: /etc/passwd at db row 7");
      },
    }),
    defineRoute({
      nsid: "com.example.test.explodeLater",
      type: "query",
      handler: async () => {
        await new Promise((r) => setTimeout(r, 1));
        throw new TypeError("cannot read properties of undefined (reading 'x')");
      },
    }),
  );
});
afterAll(() => pds.close());

test("a route that throws gives a bare 500 that leaks nothing, and the server keeps serving", async () => {
  for (const nsid of ["com.example.test.explode", "com.example.test.explodeLater"]) {
    const res = await xrpc(pds.url, nsid);
    expect([res.status, res.body]).toEqual([
      500,
      { error: "InternalServerError", message: "Internal Server Error" },
    ]);
  }
  const health = await xrpc(pds.url, "_health");
  expect(health.status).toBe(200);
});

test("an unknown path is a JSON 404", async () => {
  const res = await fetch(`${pds.url}/nothing-here`);
  expect(res.status).toBe(404);
  expect(await res.json()).toEqual({ error: "NotFound", message: "Not Found" });
});

test("process-level handlers log an escaped error and keep the process running", async () => {
  const logging = fileURLToPath(new URL("../src/logging.ts", import.meta.url));
  const script = `
    import { installProcessHandlers, createLogger } from ${JSON.stringify(logging)};
    installProcessHandlers(createLogger("info"));
    setTimeout(() => { throw new Error("escaped boom"); }, 5);
    setTimeout(() => Promise.reject(new Error("rejected boom")), 10);
    setTimeout(() => { console.log("still alive"); }, 60);
  `;
  const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout.on("data", (c) => {
    out += c;
  });
  child.stderr.on("data", (c) => {
    out += c;
  });
  const code = await new Promise((resolve) => child.on("exit", resolve));
  expect(out).toContain("uncaught exception; still serving");
  expect(out).toContain("unhandled rejection; still serving");
  expect(out).toContain("still alive");
  expect(code).toBe(0);
});

test("request logs are structured lines, and secrets in logged objects are redacted", async () => {
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger("info", { write: (line: string) => lines.push(JSON.parse(line)) });
  const server = createServer((req, res) => {
    logRequest(logger, req, res);
    logger.info(
      { req: { headers: req.headers }, body: { password: "hunter2", accessJwt: "eyJ.x.y" } },
      "seen",
    );
    res.end("ok");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await fetch(`http://127.0.0.1:${port}/xrpc/com.example.x?secret=1`, {
    headers: { authorization: "Bearer eyJ.secret" },
  });
  await new Promise((resolve) => server.close(resolve));
  const text = JSON.stringify(lines);
  expect(text).not.toContain("eyJ.secret");
  expect(text).not.toContain("hunter2");
  expect(text).not.toContain("eyJ.x.y");
  expect(text).toContain("[redacted]");
  const request = lines.find((l) => l.msg === "request")!;
  expect(request).toMatchObject({ method: "GET", path: "/xrpc/com.example.x", status: 200, ip: "127.0.0.1" });
  expect(typeof request.ms).toBe("number");
});
