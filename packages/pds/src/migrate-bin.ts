#!/usr/bin/env node
import { runMigrateCli } from "./migrate/cli.js";

// `pds-migrate`: moves an account to another PDS (see migrate/cli.ts for the options).
process.exitCode = await runMigrateCli(process.argv.slice(2), process.env);
