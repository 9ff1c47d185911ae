#!/usr/bin/env node
import { startServer } from "./server.js";

const port = Number(process.env.PDS_PORT ?? 2583);
const server = await startServer({ host: "localhost", port });
console.log(`PDS listening on ${server.url}`);
