import { execFile } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";

// The type tests live in types.test-d.ts; vitest only runs code, so this compiles that file with tsc.
it("the public types hold (tsc over types.test-d.ts)", async () => {
  const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
  const project = fileURLToPath(new URL("./tsconfig.types.json", import.meta.url));
  const output = await new Promise<string>((resolve) => {
    execFile(process.execPath, [tsc, "-p", project], (_error, stdout, stderr) => resolve(stdout + stderr));
  });
  expect(output).toBe("");
}, 60_000);
