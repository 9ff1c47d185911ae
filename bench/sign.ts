// Commit signing, the one piece of crypto on every write: our PDS's repoSigner (libsecp256k1), the core's
// Node-crypto keypair it falls back to, and the reference's @atproto/crypto, on the same bytes in one run.
// Run: npm run bench -- bench/sign.ts [signs]
import { randomBytes } from "node:crypto";
import { Secp256k1Keypair as RefKeypair } from "@atproto/crypto";
import { repoSigner, repoSignerBackend } from "@putrecord/pds/account/repo-signer.js";
import { Secp256k1Keypair } from "@putrecord/repo";

const n = Number(process.argv[2] ?? 3000);
const data = randomBytes(200); // about an unsigned commit's size
const core = Secp256k1Keypair.create();
const ref = await RefKeypair.import(core.export());
const fast = repoSigner(core);

async function time(sign: () => unknown): Promise<number> {
  for (let i = 0; i < 300; i++) await sign();
  const t0 = performance.now();
  for (let i = 0; i < n; i++) await sign();
  return ((performance.now() - t0) / n) * 1000;
}

const refUs = await time(() => ref.sign(data));
const rows: [string, number][] = [
  [`ours, repoSigner (${repoSignerBackend})`, await time(() => fast.sign(data))],
  ["ours, core keypair (node:crypto)", await time(() => core.sign(data))],
  ["@atproto/crypto (reference)", refUs],
];
console.log(`secp256k1 sign of 200 bytes, ${n} signs each after 300 warm-up`);
for (const [name, us] of rows) {
  console.log(`${name.padEnd(40)} ${us.toFixed(1).padStart(7)} µs   ref/this ${(refUs / us).toFixed(1)}×`);
}
