// docs/differences.md lists every intended difference; its "Record conformance suite" and "Input
// conformance suite" tables must name exactly the cases of cases.ts and input-cases.ts that carry
// `differs`, so the doc and the suite cannot drift apart.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { expect, test } from "vitest";
import { CASES, type ConformanceCase } from "./cases.js";
import { INPUT_CASES } from "./input-cases.js";

const DOC = fileURLToPath(new URL("../../../../docs/differences.md", import.meta.url));

/** The first-column values of the first table under `heading` (backticks stripped). */
function tableNames(markdown: string, heading: string): string[] {
  const lines = markdown.split("\n");
  const start = lines.indexOf(heading);
  if (start < 0) throw new Error(`docs/differences.md has no "${heading}" section`);
  const names: string[] = [];
  let inTable = false;
  for (const line of lines.slice(start + 1)) {
    if (line.startsWith("## ")) break;
    if (!line.startsWith("|")) {
      if (inTable) break;
      continue;
    }
    const first = line.split("|")[1]?.trim() ?? "";
    if (inTable && !/^-+$/.test(first)) names.push(first.replace(/`/g, ""));
    inTable = true; // the header row is skipped
  }
  return names;
}

const TABLES: [string, ConformanceCase[]][] = [
  ["## Record conformance suite", CASES],
  ["## Input conformance suite", INPUT_CASES],
];

test.each(TABLES)(
  "docs/differences.md's %s table lists exactly the cases that carry `differs`",
  (heading, cases) => {
    const listed = tableNames(readFileSync(DOC, "utf8"), heading);
    const differing = cases.filter((c) => c.differs !== undefined).map((c) => c.name);
    expect(listed.length, "a case listed twice").toBe(new Set(listed).size);
    expect([...listed].sort()).toEqual([...differing].sort());
  },
);

test("every difference asserts something other than the reference's answer", () => {
  for (const c of [...CASES, ...INPUT_CASES]) {
    if (c.differs === undefined) continue;
    expect(c.differs.ours, c.name).not.toEqual(c.expect);
    expect(c.differs.reason.length, c.name).toBeGreaterThan(0);
  }
});
