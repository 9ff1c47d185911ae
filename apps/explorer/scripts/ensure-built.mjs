// Builds the explorer when dist/ is missing or older than any input (its sources, or the SDK sources it
// bundles), so `npm start` and the browser test pay for a Vite build only after a change.
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const app = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const inputs = [
  "src",
  "index.html",
  "sign-in.html",
  "vite.config.ts",
  "tsconfig.json",
  "package.json",
  "../../packages/bluesky/src",
  "../../package-lock.json",
];

/** The newest modification time under `path` (a file or a folder), 0 when it does not exist. */
function newest(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((name) => newest(join(path, name))));
}

const built = newest(join(app, "dist", "index.html"));
const changed = Math.max(...inputs.map((input) => newest(join(app, input))));
if (built === 0 || changed > built) {
  console.error("explorer: building the web app (apps/explorer)…");
  // Vitest sets NODE_ENV=test, which would make Vite bundle React's development build.
  const env = { ...process.env, NODE_ENV: "production" };
  execFileSync("npm", ["run", "build", "--silent"], { cwd: app, stdio: "inherit", env });
}
