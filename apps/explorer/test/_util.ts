import { execFile, execFileSync } from "node:child_process";
import { existsSync, mkdirSync, rmSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { type Browser, chromium, type Page } from "playwright-core";

const APP_DIR = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const ROOT = resolve(APP_DIR, "../..");

/** Debian's Chromium, which scripts/setup.sh installs; the browser test skips without it. */
export const CHROMIUM = "/usr/bin/chromium";
/** Where each step's screenshot goes (git-ignored). */
export const ARTIFACTS = join(APP_DIR, ".artifacts");

/** Builds the app unless dist/ is newer than every input, so the PDS the test starts serves it. */
export function ensureExplorerBuilt(): void {
  execFileSync(process.execPath, [join(APP_DIR, "scripts", "ensure-built.mjs")], { stdio: "inherit" });
  if (!existsSync(join(APP_DIR, "dist", "index.html")))
    throw new Error("explorer build left no dist/index.html");
}

// This machine's network is closed: without these, Chromium keeps dialling Google's services.
const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** Headless Debian Chromium through playwright-core; Playwright gives it a fresh profile directory. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}

let shot = 0;
/** Empties `.artifacts/`, so a run's screenshots are never mixed with an earlier run's. */
export function clearScreenshots(): void {
  rmSync(ARTIFACTS, { recursive: true, force: true });
  shot = 0;
}

/** Saves a full-page screenshot as `.artifacts/NN-name.png`, numbered in test order. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  shot += 1;
  await page.screenshot({
    path: join(ARTIFACTS, `${String(shot).padStart(2, "0")}-${name}.png`),
    fullPage: true,
  });
}

/** Runs the `bluesky` CLI from its sources, as a user would in another terminal; rejects on a non-zero exit. */
export function runCli(args: string[], env: Record<string, string>, stdin = ""): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    const child = execFile(
      process.execPath,
      ["--conditions=bsky-source", "--import", "tsx", "packages/bluesky/src/cli/main.ts", ...args],
      { cwd: ROOT, env: { PATH: process.env.PATH, ...env } },
      (error, stdout, stderr) =>
        error ? reject(new Error(`bluesky ${args[0]}: ${stderr}`)) : resolvePromise(stdout),
    );
    child.stdin?.end(stdin);
  });
}
