// The explorer app (apps/explorer) in Chromium, served by the entryway, as against one PDS: log in, browse,
// create and edit records (the app talks to the account's cell), and see commits in the live feed (the
// combined firehose).
import { existsSync } from "node:fs";
import type { Browser, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHROMIUM, ensureExplorerBuilt, launchChromium } from "../../../apps/explorer/test/_util.js";
import type { Cluster } from "../src/cluster/cluster.js";
import { clusterUnavailableReason, startTestCluster, xrpc } from "./_util.js";

const POST = "app.bsky.feed.post";
const WAIT = { timeout: 20_000 };
const post = (text: string) => ({ $type: POST, text, createdAt: new Date().toISOString() });

async function waitForText(locator: Locator, text: string): Promise<void> {
  await expect.poll(async () => (await locator.allTextContents()).join(" "), WAIT).toContain(text);
}

const skip = clusterUnavailableReason ?? (existsSync(CHROMIUM) ? undefined : `${CHROMIUM} is absent`);

describe.skipIf(skip !== undefined)(`explorer through the entryway (skipped: ${skip ?? "no"})`, () => {
  let cluster: Cluster & { dir: string };
  let browser: Browser;
  let page: Page;
  let did: string;
  let accessJwt: string;
  const pageErrors: string[] = [];
  const record = () => page.getByRole("region", { name: "Record", exact: true });
  const feed = () => page.getByRole("complementary", { name: "Live commits" });
  const serverRecord = (rkey: string) =>
    xrpc(cluster.url, "com.atproto.repo.getRecord", { params: { repo: did, collection: POST, rkey } });

  beforeAll(async () => {
    ensureExplorerBuilt();
    cluster = await startTestCluster(2);
    // The second account lands on the second cell: the page's account is not on the first.
    for (const name of ["first", "explorer"]) {
      const made = await xrpc(cluster.url, "com.atproto.server.createAccount", {
        body: { handle: `${name}.test`, email: `${name}@example.com`, password: "explorer-password" },
      });
      ({ did, accessJwt } = made.body);
    }
    const seeded = await xrpc(cluster.url, "com.atproto.repo.createRecord", {
      body: { repo: did, collection: POST, record: post("seeded through the entryway") },
      token: accessJwt,
    });
    expect(seeded.status).toBe(200);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on("pageerror", (err) => pageErrors.push(err.message));
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await cluster?.stop();
  });

  it("logs in at the entryway and browses the account's records on its cell", async () => {
    await page.goto(cluster.url);
    await page.getByLabel("Handle or email").fill("explorer@example.com");
    await page.getByLabel("Password").fill("explorer-password");
    await page.keyboard.press("Enter");
    await page.getByRole("button", { name: POST }).click();
    await waitForText(page.getByRole("region", { name: /^Records/ }), "seeded through the entryway");
    await waitForText(feed(), "Live");
  }, 60_000);

  it("creates a record, sees it in the live feed (the combined firehose), and saves an edit", async () => {
    await page.getByRole("button", { name: "New record…" }).click();
    await page.getByLabel("Collection", { exact: true }).selectOption(POST);
    await record()
      .getByLabel("Record JSON")
      .fill(JSON.stringify(post("made in the browser"), null, 2));
    await page.getByRole("button", { name: "Create record" }).click();
    const heading = record().getByRole("heading", { name: new RegExp(`^${POST}/[a-z2-7]{13}$`) });
    await heading.waitFor(WAIT);
    const rkey = (await heading.textContent())!.split("/")[1]!;
    await waitForText(feed(), `create ${POST}/${rkey}`);
    expect((await serverRecord(rkey)).body.value.text).toBe("made in the browser");
    await record()
      .getByLabel("Record JSON")
      .fill(JSON.stringify(post("edited in the browser"), null, 2));
    await record().getByRole("button", { name: "Save" }).click();
    await waitForText(record().getByRole("status"), "Saved; new CID");
    expect((await serverRecord(rkey)).body.value.text).toBe("edited in the browser");
    expect(pageErrors).toEqual([]);
  }, 60_000);
});
