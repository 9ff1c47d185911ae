import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { connect as netConnect } from "node:net";
import { join, resolve } from "node:path";

const NATS_BIN = ["/usr/sbin/nats-server", "/usr/bin/nats-server"];

/** A nats-server with JetStream on loopback, its store in a directory of its own. */
export interface LocalNats {
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** Why nats-server cannot run here (for a test's skip reason), or undefined. */
export function natsUnavailableReason(): string | undefined {
  return natsBin()
    ? undefined
    : "nats-server is not installed (bash scripts/setup.sh installs Debian's nats-server)";
}

/** Starts nats-server (Debian's package) on 127.0.0.1:`port` with JetStream stored under `dir`. */
export async function startLocalNats(dir: string, port: number): Promise<LocalNats> {
  const bin = natsBin();
  if (!bin) throw new Error(natsUnavailableReason());
  dir = resolve(dir);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const config = join(dir, "nats.conf");
  // max_payload: a firehose frame may be over NATS's 1 MB default (commits up to 2 MB).
  writeFileSync(
    config,
    `listen: 127.0.0.1:${port}\nmax_payload: 8MB\njetstream { store_dir: "${join(dir, "store")}" }\n`,
  );
  const child = spawn(bin, ["-c", config], { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr!.on("data", (d) => {
    stderr = (stderr + d).slice(-4000);
  });
  const exited = once(child, "exit");
  for (let i = 0; i < 100; i++) {
    if (child.exitCode !== null) throw new Error(`nats-server exited: ${stderr}`);
    if (await listening(port)) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url: `127.0.0.1:${port}`,
    child,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      await exited;
    },
  };
}

function natsBin(): string | undefined {
  return NATS_BIN.find((path) => existsSync(path));
}

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = netConnect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}
