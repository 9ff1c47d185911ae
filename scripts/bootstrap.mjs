// Runs before `npm start` and `npm test`: on a fresh clone it installs the locked dependencies,
// so the README's two commands work without a separate install step; after a lockfile change it
// brings node_modules up to date.
import { execSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";

const stamp = "node_modules/.lock-hash";
const hash = createHash("sha256").update(readFileSync("package-lock.json")).digest("hex");
if (!existsSync("node_modules/.package-lock.json")) {
  console.error("bootstrap: installing locked dependencies (npm ci)…");
  execSync("npm ci --no-audit --no-fund", { stdio: "inherit" });
} else if (!existsSync(stamp) || readFileSync(stamp, "utf8") !== hash) {
  execSync("npm install --no-audit --no-fund --prefer-offline", { stdio: "inherit" });
}
writeFileSync(stamp, hash);
