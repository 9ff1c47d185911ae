// Runs the CLI (dist/cli/main.js) for the commands in this folder. They are committed, not built, so that
// npm links them when it installs the package, also in a fresh checkout where dist/ does not exist yet:
// npm skips a bin whose target is missing, and `npx bluesky` would then fetch the unrelated `bluesky`
// package from the registry.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

/** Runs the CLI with `argv` and sets the process's exit code to its result. */
export async function launch(argv) {
  const main = new URL("../dist/cli/main.js", import.meta.url);
  if (!existsSync(main)) {
    // Only a source checkout lacks dist/ (the published package is built before packing): build it once.
    process.stderr.write("bluesky: building the SDK first (tsc -b), once per checkout…\n");
    const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
    execFileSync(process.execPath, [tsc, "-b", fileURLToPath(new URL("..", import.meta.url))], {
      stdio: ["ignore", "inherit", "inherit"],
    });
  }
  const { run } = await import(main.href);
  process.exitCode = await run(argv, process);
}
