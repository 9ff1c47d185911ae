// The PDS in the network, measured in one run beside the reference: (1) what forwarding an app.bsky
// read costs, getProfile asked of the reference AppView directly and through our PDS and the reference
// PDS (both proxying to it); (2) how long an account with 1,000 records and 20 blobs takes to move
// from the reference PDS to ours and back with our migration helper. A benchmark, not a test: it
// prints medians and ratios. Needs `bash scripts/setup-peers.sh` (both peers and PostgreSQL).
//
//   npm run bench -- bench/network.ts [--calls 300] [--rounds 3]
import { loadavg } from "node:os";
import { parseArgs } from "node:util";
import { ourEmailCode, referenceEmailCode, writeContent } from "../e2e/test/_migration.ts";
import { serviceAuthJwt } from "../packages/pds/src/auth/service-auth.ts";
import { migrateAccount } from "../packages/pds/src/migrate/migrate.ts";
import { startTestPds } from "../packages/pds/test/_util.ts";
import { startReferencePds } from "../peers/launch.ts";
import { startPlc, startReferenceAppView } from "../peers/launch-appview.ts";
import { createAccount, type Target } from "../peers/target.ts";

const { values: args } = parseArgs({
  options: { calls: { type: "string", default: "300" }, rounds: { type: "string", default: "3" } },
});
const CALLS = Number(args.calls);
const ROUNDS = Number(args.rounds);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Milliseconds per sequential getProfile against `url` (after a warm-up), median of the calls. */
async function profileLatency(url: string, actor: string, token: () => string): Promise<number> {
  const call = async () => {
    const res = await fetch(`${url}/xrpc/app.bsky.actor.getProfile?actor=${actor}`, {
      headers: { authorization: `Bearer ${token()}` },
    });
    if (res.status !== 200) throw new Error(`getProfile on ${url}: ${res.status} ${await res.text()}`);
    await res.arrayBuffer();
  };
  for (let i = 0; i < 30; i++) await call();
  const times: number[] = [];
  for (let i = 0; i < CALLS; i++) {
    const start = performance.now();
    await call();
    times.push(performance.now() - start);
  }
  return median(times);
}

const plc = await startPlc();
const appView = await startReferenceAppView({ plcUrl: plc.url });
const ref = await startReferencePds({ plcUrl: plc.url, appView });
const ours = await startTestPds({
  plcUrl: plc.url,
  network: { appViewUrl: appView.url, appViewDid: appView.did },
});
const targets: Record<string, Target> = {
  ref: { name: "ref", url: ref.url },
  ours: { name: "ours", url: ours.url },
};
try {
  appView.follow(ref.url);
  appView.follow(ours.url);
  const readers = { ref: await createAccount(targets.ref!), ours: await createAccount(targets.ours!) };
  const subject = readers.ours.did;
  // Wait until the AppView has indexed the account read.
  for (let i = 0; i < 300; i++) {
    const res = await fetch(`${appView.url}/xrpc/app.bsky.actor.getProfile?actor=${subject}`);
    if (res.status === 200) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  console.log(
    `load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(" ")}; ${CALLS} sequential getProfile calls per round`,
  );
  // The direct calls carry a new service token each, as the PDSes send (the AppView verifies each new
  // token once, resolving its issuer), so the AppView does the same work either way.
  const freshToken = () =>
    serviceAuthJwt(ours.ctx, readers.ours.did, appView.did, "app.bsky.actor.getProfile");
  console.log("round | AppView direct | through ours (+ms) | through ref (+ms) | ours/direct | ref/direct");
  for (let round = 1; round <= ROUNDS; round++) {
    const direct = await profileLatency(appView.url, subject, freshToken);
    const viaOurs = await profileLatency(ours.url, subject, () => readers.ours.accessJwt);
    const viaRef = await profileLatency(ref.url, subject, () => readers.ref.accessJwt);
    console.log(
      `${round} | ${direct.toFixed(2)} ms | ${viaOurs.toFixed(2)} ms (+${(viaOurs - direct).toFixed(2)}) | ` +
        `${viaRef.toFixed(2)} ms (+${(viaRef - direct).toFixed(2)}) | ${(viaOurs / direct).toFixed(2)} | ${(viaRef / direct).toFixed(2)}`,
    );
  }

  console.log("\nmigration of 1,000 records and 20 blobs (our helper, both servers on this machine)");
  console.log("round | reference → ours | ours → reference");
  for (let round = 1; round <= ROUNDS; round++) {
    const account = await createAccount(targets.ref!);
    await writeContent(targets.ref!, account, 1000, 20);
    const email = `m${round}@example.com`;
    const there = await migrateAccount(
      { url: ref.url, identifier: account.did, password: account.password },
      { url: ours.url, handle: account.handle, email, password: "moved-pass" },
      { plcToken: async () => referenceEmailCode(ref.dataDir, account.did) },
    );
    const back = await migrateAccount(
      { url: ours.url, identifier: account.did, password: "moved-pass" },
      { url: ref.url, handle: account.handle, email, password: account.password },
      { plcToken: async () => ourEmailCode(ours.dataDirectory, email) },
    );
    if (there.indexedRecords !== 1000 || back.indexedRecords !== 1000) throw new Error("records lost");
    console.log(`${round} | ${(there.ms / 1000).toFixed(2)} s | ${(back.ms / 1000).toFixed(2)} s`);
  }
} finally {
  await appView.stop();
  await Promise.all([ref.stop(), ours.close()]);
  await plc.stop();
}
