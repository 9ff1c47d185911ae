// The generated files are the generator's output, byte for byte: regenerate into a temporary folder and
// compare. A hand edit, a stale file or a generator change without `npm run codegen` fails here.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { GENERATED_DIRS, isGenerated, listFiles, PACKAGE_ROOT, writeGenerated } from "../codegen/main.js";

// Inside the package, so Biome formats it with the repository's settings.
const tmp = mkdtempSync(join(PACKAGE_ROOT, ".codegen-check-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("generated code", () => {
  let written: string[] = [];

  it("regenerates identically", () => {
    written = writeGenerated(tmp);
    expect(written.length).toBeGreaterThan(1500);
    const differing = written.filter((path) => {
      let committed: string;
      try {
        committed = readFileSync(join(PACKAGE_ROOT, path), "utf8");
      } catch {
        return true;
      }
      return committed !== readFileSync(join(tmp, path), "utf8");
    });
    expect(differing, "run `npm run codegen` and commit the result").toEqual([]);
  }, 120_000);

  it("leaves no generated file the generator no longer writes", () => {
    const expected = new Set(written);
    const stale = GENERATED_DIRS.flatMap((dir) => listFiles(PACKAGE_ROOT, dir)).filter(
      (path) => !expected.has(path) && isGenerated(readFileSync(join(PACKAGE_ROOT, path), "utf8")),
    );
    expect(stale).toEqual([]);
  });

  it("marks every generated file in its first three lines", () => {
    for (const path of written) expect(isGenerated(readFileSync(join(tmp, path), "utf8")), path).toBe(true);
  });
});
