// The `pds-migrate` CLI (packages/pds/src/migrate-bin.ts) as a self-hoster runs it: a child process that
// moves an account from the reference PDS onto ours, both publishing to one PLC directory, asking on
// stdin for the code the old server emailed. Also its answers to bad usage and to a failing step.
// Skipped, with the reason, when the peers are not installed.
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { verifyRepoCar } from "@putrecord/repo";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type Account, createAccount } from "../../peers/target.js";
import {
  type Content,
  type MigrationPeers,
  referenceEmailCode,
  startMigrationPeers,
  writeContent,
} from "./_migration.js";
import {
  freeLoopbackPort,
  ROOT,
  referencePeersUnavailableReason,
  START_TIMEOUT_MS,
  signingKeyOf,
  syncBytes,
  TS_NODE_FLAGS,
} from "./_util.js";

/** One run of the CLI: its output so far, a wait for a line on stderr, its exit code. */
interface CliRun {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  waitForStderr(pattern: RegExp): Promise<void>;
  exited: Promise<number | null>;
}

const FROM_SOURCE = [...TS_NODE_FLAGS, "packages/pds/src/migrate-bin.ts"];

function runCli(args: string[], env: Record<string, string> = {}, entry = FROM_SOURCE): CliRun {
  const child = spawn(process.execPath, [...entry, ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    stdio: ["pipe", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  const waiters: { pattern: RegExp; resolve(): void }[] = [];
  child.stdout!.on("data", (chunk) => {
    stdout += chunk;
  });
  child.stderr!.on("data", (chunk) => {
    stderr += chunk;
    for (const w of waiters.filter((w) => w.pattern.test(stderr))) w.resolve();
  });
  const exited = once(child, "exit").then(([code]) => code as number | null);
  return {
    child,
    stdout: () => stdout,
    stderr: () => stderr,
    exited,
    waitForStderr: (pattern) =>
      pattern.test(stderr)
        ? Promise.resolve()
        : Promise.race([
            new Promise<void>((resolve) => waiters.push({ pattern, resolve })),
            exited.then((code) => {
              throw new Error(`pds-migrate exited (${code}) before ${pattern}:\n${stderr}`);
            }),
          ]),
  };
}

describe("pds-migrate: usage", () => {
  test("--help prints the usage and exits 0", async () => {
    const run = runCli(["--help"]);
    expect(await run.exited).toBe(0);
    expect(run.stdout()).toMatch(/^Usage: pds-migrate --from <url>/);
    expect(run.stdout()).toContain("PDS_MIGRATE_OLD_PASSWORD");
  }, 60_000);

  test("the command npm links (bin/pds-migrate.js) runs the built CLI (npm test builds first)", async () => {
    const run = runCli(["--help"], {}, ["packages/pds/bin/pds-migrate.js"]);
    expect(await run.exited, run.stderr()).toBe(0);
    expect(run.stdout()).toMatch(/^Usage: pds-migrate --from <url>/);
  }, 60_000);

  test("a missing or unknown option exits 1 naming it, with the usage", async () => {
    const missing = runCli(["--from", "http://127.0.0.1:1", "--identifier", "alice.test"]);
    expect(await missing.exited).toBe(1);
    expect(missing.stderr()).toMatch(/^pds-migrate: --to is required\n\nUsage:/);
    const unknown = runCli(["--frm", "x"]);
    expect(await unknown.exited).toBe(1);
    expect(unknown.stderr()).toMatch(/^pds-migrate: Unknown option '--frm'/);
    expect(missing.stdout() + unknown.stdout()).toBe("");
  }, 60_000);
});

describe("pds-migrate: at a terminal", () => {
  test("the passwords typed are not echoed; an unreachable server is named without a stack trace", async () => {
    // Under `script` (util-linux) the CLI's stdin and stderr are a real terminal, as for a person.
    const [from, to] = [`http://127.0.0.1:${await freeLoopbackPort()}`, "http://127.0.0.1:2"];
    const command = [process.execPath, ...FROM_SOURCE, "--from", from]
      .concat(["--identifier", "alice.test", "--to", to])
      .concat(["--handle", "alice.test", "--email", "alice@example.com"]);
    const child = spawn("script", ["-qfec", command.map((a) => `'${a}'`).join(" "), "/dev/null"], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, TERM: "dumb" },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let output = "";
    child.stdout!.on("data", (chunk) => {
      output += chunk;
    });
    const exited = once(child, "exit");
    const prompt = async (pattern: RegExp) => {
      const deadline = Date.now() + 30_000;
      while (!pattern.test(output)) {
        if (Date.now() > deadline || child.exitCode !== null) throw new Error(`no ${pattern} in:\n${output}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    };
    await prompt(new RegExp(`Password on ${from}: $`));
    child.stdin!.write("old-secret-typed\r");
    await prompt(new RegExp(`Password for the new account on ${to}: `));
    child.stdin!.write("new-secret-typed\r");
    await prompt(/run the same command again/);
    child.stdin!.end();
    await exited;
    expect(output).not.toContain("secret-typed");
    expect(output).toContain(`pds-migrate: fetch failed: connect ECONNREFUSED ${from.slice(7)}\r\n`);
    expect(output).not.toMatch(/\n\s+at /);
  }, 60_000);
});

const unavailable = referencePeersUnavailableReason();
const title = `pds-migrate from the reference PDS to ours${unavailable ? ` (skipped: ${unavailable})` : ""}`;

describe.skipIf(unavailable !== undefined)(title, () => {
  let peers: MigrationPeers;
  let ref: MigrationPeers["ref"];
  let ours: MigrationPeers["ours"];
  let alice: Account;
  let content: Content;

  beforeAll(async () => {
    peers = await startMigrationPeers();
    ({ ref, ours } = peers);
    alice = await createAccount(ref);
    content = await writeContent(ref, alice, 40, 3);
  }, START_TIMEOUT_MS);
  afterAll(async () => {
    await peers?.stop();
  });

  const args = () => [
    ...["--from", ref.url, "--identifier", alice.handle, "--to", ours.url],
    ...["--handle", alice.handle, "--email", "alice@example.com"],
  ];

  test("a failing step exits 1 with the server's answer and says the command may be run again", async () => {
    const run = runCli(args(), {
      PDS_MIGRATE_OLD_PASSWORD: "not-the-password",
      PDS_MIGRATE_NEW_PASSWORD: "new-password",
    });
    expect(await run.exited).toBe(1);
    expect(run.stderr()).toBe(
      `pds-migrate: com.atproto.server.createSession on ${ref.url} answered 401 AuthenticationRequired: Invalid identifier or password\n` +
        "(every step may be repeated: run the same command again)\n",
    );
    expect(run.stdout()).toBe("");
  }, 60_000);

  test("moves the account, asking on stdin for the emailed code; the repo verifies on ours", async () => {
    const run = runCli(args(), {
      PDS_MIGRATE_OLD_PASSWORD: alice.password,
      PDS_MIGRATE_NEW_PASSWORD: "new-password",
    });
    await run.waitForStderr(/The code the old server emailed you: $/);
    run.child.stdin!.write(`${referenceEmailCode(ref.dataDir, alice.did)}\n`);
    expect(await run.exited, run.stderr()).toBe(0);
    expect(run.stderr()).toContain(`logged in to ${ref.url} as ${alice.did}`);
    expect(run.stderr()).toContain("3 blobs copied");
    expect(run.stderr()).toContain("account active on the new server, deactivated on the old one");
    expect(JSON.parse(run.stdout())).toMatchObject({
      did: alice.did,
      indexedRecords: 40,
      expectedBlobs: 3,
      importedBlobs: 3,
      blobsCopied: 3,
    });
    // No password reached the output.
    expect(run.stderr() + run.stdout()).not.toContain(alice.password);

    const key = await signingKeyOf(ours, alice.did);
    expect(key).toBe(ours.ctx.accounts.signingKey(alice.did).did());
    const car = await syncBytes(ours, "com.atproto.sync.getRepo", { did: alice.did });
    const repo = await verifyRepoCar(car, { did: alice.did, signingKeyDid: key });
    expect(new Map(repo.records.map((r) => [`${r.collection}/${r.rkey}`, r.cid.toString()]))).toEqual(
      content.records,
    );
    for (const [cid, bytes] of content.blobs) {
      const blob = await syncBytes(ours, "com.atproto.sync.getBlob", { did: alice.did, cid });
      expect(Buffer.from(blob).equals(bytes), cid).toBe(true);
    }
  }, 120_000);

  test("run again after it succeeded, it logs in to the new account, stops at the deactivated old repo and changes nothing", async () => {
    const before = await syncBytes(ours, "com.atproto.sync.getLatestCommit", { did: alice.did });
    const run = runCli(args(), {
      PDS_MIGRATE_OLD_PASSWORD: alice.password,
      PDS_MIGRATE_NEW_PASSWORD: "new-password",
    });
    expect(await run.exited).toBe(1);
    expect(run.stderr()).toMatch(
      /\npds-migrate: com\.atproto\.sync\.getRepo on \S+ answered 400 RepoDeactivated/,
    );
    expect(await syncBytes(ours, "com.atproto.sync.getLatestCommit", { did: alice.did })).toEqual(before);
  }, 60_000);
});
