import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import { join, resolve } from "node:path";
import { Secp256k1Keypair } from "@putrecord/repo";
import { SECRETS_FILE } from "../secrets.js";
import { type LocalNats, startLocalNats } from "./nats.js";
import { type LocalPostgres, startLocalPostgres } from "./postgres.js";
import { BINS, NodeServer } from "./process.js";

/** What `npm run cluster` (and the tests and benchmark) start. */
export interface ClusterOptions {
  cells: number;
  /** Everything lives under it: postgres/, nats/, entryway/, cells/c1 … cN, and each process's log. */
  dataDirectory: string;
  /** The entryway's port (PDS_PORT); 0: any free one. Cells take the next ones (or free ones). */
  port: number;
  /** Per-cell command prefixes, e.g. [["taskset", "-c", "0"], ["taskset", "-c", "1"]]. */
  cellPrefix?: (index: number) => string[];
  /** Without NATS there is no combined firehose (default: with). */
  nats?: boolean;
  env?: Record<string, string>;
}

/** A running local deployment. */
export interface Cluster {
  url: string;
  entryway: NodeServer;
  cells: NodeServer[];
  postgres: LocalPostgres;
  nats: LocalNats | undefined;
  /** The entryway's admin password (from its secrets file). */
  adminPassword: string;
  stop(): Promise<void>;
}

/**
 * Starts PostgreSQL, NATS, the entryway and `cells` PDS cells, each cell trusting the entryway's key
 * (docs/deployment.md). Every process is a child of this one; `stop` ends them all.
 */
export async function startCluster(opts: ClusterOptions): Promise<Cluster> {
  const dir = resolve(opts.dataDirectory);
  mkdirSync(join(dir, "cells"), { recursive: true, mode: 0o700 });
  const started: { stop(): Promise<void> }[] = [];
  // The entryway first (its fan-in holds a socket open on every cell), then cells, then the engines.
  const stopAll = async () => {
    const order = [
      ...started.filter((p) => p instanceof NodeServer),
      ...started.filter((p) => !(p instanceof NodeServer)).reverse(),
    ];
    for (const part of order) await part.stop().catch(() => {});
  };
  try {
    const postgres = await startLocalPostgres(join(dir, "postgres"));
    started.push(postgres);
    const nats = opts.nats === false ? undefined : await startLocalNats(join(dir, "nats"), await freePort());
    if (nats) started.push(nats);
    const port = opts.port === 0 ? await freePort() : opts.port;
    const cellPorts: number[] = [];
    for (let i = 1; i <= opts.cells; i++) cellPorts.push(opts.port === 0 ? await freePort() : port + i);
    const cellUrls = cellPorts.map((p) => `http://localhost:${p}`);
    const common = { LOG_LEVEL: "info", LOG_FORMAT: "json", PDS_BIND_HOST: "127.0.0.1", ...opts.env };
    const entrywayDir = join(dir, "entryway");
    const entryway = new NodeServer(
      "entryway",
      `http://localhost:${port}`,
      BINS.entryway,
      {
        ...common,
        PDS_PORT: String(port),
        PDS_DATA_DIRECTORY: entrywayDir,
        ENTRYWAY_DATABASE_URL: postgres.url,
        ENTRYWAY_CELLS: cellUrls.join(","),
        ...(nats && { ENTRYWAY_NATS_URL: nats.url }),
      },
      join(dir, "entryway.log"),
    );
    started.push(entryway);
    await entryway.start();
    const secrets = JSON.parse(readFileSync(join(entrywayDir, SECRETS_FILE), "utf8")) as Record<
      string,
      string
    >;
    const publicKey = Buffer.from(
      Secp256k1Keypair.import(Buffer.from(secrets.jwtSigningKeyHex!, "hex")).publicKey,
    );
    const cells = cellPorts.map(
      (cellPort, i) =>
        new NodeServer(
          `cell c${i + 1}`,
          cellUrls[i]!,
          BINS.pds,
          {
            ...common,
            PDS_PORT: String(cellPort),
            PDS_DATA_DIRECTORY: join(dir, "cells", `c${i + 1}`),
            PDS_ENTRYWAY_URL: `http://localhost:${port}`,
            PDS_ENTRYWAY_DID: `did:web:${new URL(entryway.url).hostname}`,
            PDS_ENTRYWAY_JWT_VERIFY_KEY_K256_PUBLIC_KEY_HEX: publicKey.toString("hex"),
          },
          join(dir, `cell-c${i + 1}.log`),
          opts.cellPrefix?.(i) ?? [],
        ),
    );
    started.push(...cells);
    await Promise.all(cells.map((cell) => cell.start()));
    return {
      url: entryway.url,
      entryway,
      cells,
      postgres,
      nats,
      adminPassword: secrets.adminPassword!,
      stop: stopAll,
    };
  } catch (err) {
    await stopAll();
    throw err;
  }
}

/** A free loopback port (asked of the kernel, then released). */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolvePort(port));
    });
  });
}

/** True when the directory already holds a deployment (a restart keeps its data). */
export function hasCluster(dir: string): boolean {
  return existsSync(join(resolve(dir), "entryway", SECRETS_FILE));
}
