#!/usr/bin/env node
// The `bluesky` command.
import { launch } from "./launch.js";

await launch(process.argv.slice(2));
