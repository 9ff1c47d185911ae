// The explorer signs in with OAuth (@atproto/oauth-client-browser through bluesky/oauth/browser.js) in
// Debian's Chromium: from http://localhost (where `npm start` sends people) it moves to the loopback IP
// its redirect names, goes through the PDS's sign-in page, comes back signed in, writes with DPoP,
// stays signed in across a reload, and logging out revokes the tokens on the server.
import { existsSync } from "node:fs";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestAccount, type TestAccount, xrpc } from "../../../packages/pds/test/_util.js";
import { startOAuthPds } from "../../../packages/pds/test/oauth/_oauth.js";
import { CHROMIUM, ensureExplorerBuilt, launchChromium, screenshot } from "./_util.js";

const WAIT = { timeout: 20_000 };
const POST = "app.bsky.feed.post";

describe.skipIf(!existsSync(CHROMIUM))(
  `explorer OAuth sign-in in headless Chromium (skipped when ${CHROMIUM} is absent; scripts/setup.sh installs it)`,
  () => {
    let pds: Awaited<ReturnType<typeof startOAuthPds>>;
    let bob: TestAccount;
    let browser: Browser;
    let page: Page;
    const pageErrors: string[] = [];
    const tokens = () =>
      pds.ctx.db.prepare("SELECT count(*) FROM oauth_token WHERE did = ?").pluck().get(bob.did) as number;

    beforeAll(async () => {
      ensureExplorerBuilt();
      pds = await startOAuthPds();
      bob = await createTestAccount(pds, "bob");
      browser = await launchChromium();
      page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      page.on("pageerror", (err) => pageErrors.push(err.message));
    }, 300_000);

    afterAll(async () => {
      await browser?.close();
      await pds?.close();
    });

    it("signs in with OAuth from http://localhost, through the PDS's page, and writes with DPoP", async () => {
      await page.goto(`${pds.issuer}/`);
      await page.getByRole("button", { name: "Sign in with OAuth" }).click();
      // The loopback IP first, then the PDS's sign-in page (on its public URL, localhost).
      await page.getByRole("heading", { name: /^Sign in to / }).waitFor(WAIT);
      expect(new URL(page.url()).origin).toBe(pds.issuer);
      await page.getByLabel("Handle or email").fill(bob.handle);
      await page.getByLabel("Password").fill(bob.password);
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.getByRole("button", { name: "Allow" }).click();
      await page.getByRole("button", { name: "Log out" }).waitFor(WAIT);
      expect(new URL(page.url()).hostname).toBe("127.0.0.1");
      expect(await page.locator("header").textContent()).toContain(bob.did);
      expect(tokens()).toBe(1);
      await screenshot(page, "oauth-signed-in");

      await page.getByRole("button", { name: "New record…" }).click();
      await page.getByLabel("Collection", { exact: true }).selectOption(POST);
      const record = {
        $type: POST,
        text: "written with an OAuth token",
        createdAt: new Date().toISOString(),
      };
      await page.getByLabel("Record JSON").fill(JSON.stringify(record, null, 2));
      await page.getByRole("button", { name: "Create record" }).click();
      const heading = page.getByRole("heading", { name: new RegExp(`^${POST}/[a-z2-7]{13}$`) });
      await heading.waitFor(WAIT);
      const rkey = (await heading.textContent())!.split("/")[1]!;
      const stored = await xrpc(pds.url, "com.atproto.repo.getRecord", {
        params: { repo: bob.did, collection: POST, rkey },
      });
      expect(stored.body.value.text).toBe("written with an OAuth token");
    }, 120_000);

    it("stays signed in across a reload, and logging out revokes the tokens on the server", async () => {
      await page.reload();
      await page.getByRole("button", { name: "Log out" }).waitFor(WAIT);
      await page.getByRole("button", { name: "Log out" }).click();
      await page.getByRole("button", { name: "Sign in with OAuth" }).waitFor(WAIT);
      await expect.poll(tokens, WAIT).toBe(0);
      await page.reload();
      await page.getByRole("button", { name: "Sign in with OAuth" }).waitFor(WAIT);
      expect(pageErrors).toEqual([]);
    }, 60_000);
  },
);
