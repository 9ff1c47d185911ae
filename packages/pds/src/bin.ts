#!/usr/bin/env node
import { resolve } from "node:path";
import { startPds } from "./pds.js";

const port = Number(process.env.PDS_PORT ?? 2583);
const pds = await startPds({
  port,
  hostname: process.env.PDS_HOSTNAME ?? "localhost",
  bindHost: "localhost",
  dataDirectory: resolve(process.env.PDS_DATA_DIRECTORY ?? "data"),
});
console.log(`PDS listening on ${pds.url}`);
