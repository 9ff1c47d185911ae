#!/usr/bin/env node
// The `pds-migrate` command (src/migrate-bin.ts, built). This file is committed, not built, so that npm
// links the command in a fresh checkout too: npm skips a bin whose target is missing, and `npx
// pds-migrate` would then look for a package of that name in the registry.
import { existsSync } from "node:fs";

const main = new URL("../dist/migrate-bin.js", import.meta.url);
if (!existsSync(main)) {
  process.stderr.write("pds-migrate: not built yet: run `npm run build` at the repository root first\n");
  process.exit(1);
}
await import(main.href);
