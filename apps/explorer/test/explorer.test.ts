import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createTestAccount,
  startTestPds,
  type TestAccount,
  type TestPds,
  xrpc,
} from "../../../packages/pds/test/_util.js";
import {
  CHROMIUM,
  clearScreenshots,
  ensureExplorerBuilt,
  launchChromium,
  runCli,
  screenshot,
} from "./_util.js";

const POST = "app.bsky.feed.post";
const SEEDED = 60;
const WAIT = { timeout: 20_000 };

// Posts are keyed by TID (the lexicon says so): seeds and page-made posts get server-made keys.
const post = (text: string) => ({ $type: POST, text, createdAt: new Date().toISOString() });
// What a user types: the editor's own two-space layout.
const postJson = (text: string) => JSON.stringify(post(text), null, 2);

/** Waits until the locator's text contains `text` (polling the real page, never a fixed sleep). */
async function waitForText(locator: Locator, text: string): Promise<void> {
  await expect.poll(async () => (await locator.allTextContents()).join(" "), WAIT).toContain(text);
}

describe.skipIf(!existsSync(CHROMIUM))(
  `explorer in headless Chromium (skipped when ${CHROMIUM} is absent; scripts/setup.sh installs it)`,
  () => {
    let pds: TestPds;
    let alice: TestAccount;
    let browser: Browser;
    let page: Page;
    let cliDir: string;
    let created: string;
    const pageErrors: string[] = [];
    const dialogs: string[] = [];
    const record = () => page.getByRole("region", { name: "Record", exact: true });
    const feed = () => page.getByRole("complementary", { name: "Live commits" });
    const editor = () => record().getByLabel("Record JSON");
    const serverRecord = async (rkey: string) =>
      xrpc(pds.url, "com.atproto.repo.getRecord", { params: { repo: alice.did, collection: POST, rkey } });
    // A second client writing to the same repo behind the page's back.
    const otherPut = (rkey: string, text: string) =>
      xrpc(pds.url, "com.atproto.repo.putRecord", {
        body: { repo: alice.did, collection: POST, rkey, record: post(text) },
        token: alice.accessJwt,
      });

    beforeAll(async () => {
      ensureExplorerBuilt();
      clearScreenshots();
      pds = await startTestPds();
      alice = await createTestAccount(pds, "alice");
      const writes = Array.from({ length: SEEDED }, (_, i) => ({
        $type: "com.atproto.repo.applyWrites#create",
        collection: POST,
        value: post(`seeded post ${i}`),
      }));
      const seeded = await xrpc(pds.url, "com.atproto.repo.applyWrites", {
        body: { repo: alice.did, writes },
        token: alice.accessJwt,
      });
      expect(seeded.status).toBe(200);
      cliDir = mkdtempSync(join(tmpdir(), "explorer-cli-"));
      browser = await launchChromium();
      page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      page.on("pageerror", (err) => pageErrors.push(err.message));
      page.on("dialog", (dialog) => {
        dialogs.push(dialog.message());
        void dialog.dismiss();
      });
    }, 300_000);

    afterAll(async () => {
      await browser?.close();
      await pds?.close();
      if (cliDir) rmSync(cliDir, { recursive: true, force: true });
    });

    it("is served by the PDS at / and logs in with the keyboard (email and password)", async () => {
      await page.goto(pds.url);
      await page.getByLabel("Handle or email").waitFor(WAIT);
      await screenshot(page, "login-desktop");
      await page.keyboard.press("Tab");
      await page.keyboard.type(alice.email);
      await page.keyboard.press("Tab");
      await page.keyboard.type(alice.password);
      await page.keyboard.press("Enter");
      await page.getByRole("button", { name: POST }).waitFor(WAIT);
      await waitForText(feed(), "Live");
      await screenshot(page, "logged-in");
    }, 60_000);

    it("lists a collection with infinite scroll and shows a record's URI, CID and the repo rev", async () => {
      await page.getByRole("button", { name: POST }).click();
      const records = page.getByRole("region", { name: /^Records/ });
      await waitForText(records, "25 records so far");
      const scrollToEnd = () =>
        page.locator(".record-scroll").evaluate((el) => el.scrollTo(0, el.scrollHeight));
      await scrollToEnd();
      await waitForText(records, "50 records so far");
      // Each scroll to the end asks for one more page; the last full page still carries a cursor, and
      // the (empty) page after it ends the list and removes "Load more".
      const loadMore = page.getByRole("button", { name: "Load more" });
      const scrolledCount = async () => {
        await scrollToEnd();
        return loadMore.count();
      };
      await expect.poll(scrolledCount, WAIT).toBe(0);
      await waitForText(records, `${SEEDED} records`);
      await page.getByRole("button", { name: /seeded post 0$/ }).click();
      const head = await xrpc(pds.url, "com.atproto.sync.getLatestCommit", { params: { did: alice.did } });
      await waitForText(record().getByTestId("record-uri"), "at://");
      const uri = await record().getByTestId("record-uri").textContent();
      const seed = await serverRecord(uri!.split("/").pop()!);
      expect(seed.body.value.text).toBe("seeded post 0");
      await waitForText(record().getByTestId("record-uri"), seed.body.uri);
      await waitForText(record().getByTestId("record-cid"), seed.body.cid);
      await waitForText(record().getByTestId("repo-rev"), head.body.rev);
      await screenshot(page, "browse-record");
    }, 60_000);

    it("creates a record (a bad rkey is refused next to its field) and sees it in the live feed", async () => {
      await page.getByRole("button", { name: "New record…" }).click();
      await page.getByLabel("Collection", { exact: true }).selectOption(POST);
      const rkey = page.getByLabel(/Record key/);
      await rkey.fill("not-a-tid");
      await editor().fill(postJson("made in the browser"));
      await page.getByRole("button", { name: "Create record" }).click();
      await waitForText(page.locator("#new-rkey-error"), "Invalid record key");
      await expect(rkey.getAttribute("aria-invalid")).resolves.toBe("true");
      await screenshot(page, "create-rkey-error");
      await rkey.fill("");
      await page.getByRole("button", { name: "Create record" }).click();
      const heading = record().getByRole("heading", { name: new RegExp(`^${POST}/[a-z2-7]{13}$`) });
      await heading.waitFor(WAIT);
      created = (await heading.textContent())!.split("/")[1];
      await waitForText(feed(), `create ${POST}/${created}`);
      expect((await serverRecord(created)).body.value.text).toBe("made in the browser");
      await screenshot(page, "created");
    }, 60_000);

    it("shows JSON and server validation errors next to the field, not as an alert", async () => {
      await editor().fill("{ not json");
      await record().getByRole("button", { name: "Save" }).click();
      const error = record().locator("#record-json-error");
      await waitForText(error, "Invalid JSON");
      await expect(editor().getAttribute("aria-invalid")).resolves.toBe("true");
      await expect(editor().getAttribute("aria-describedby")).resolves.toBe("record-json-error");
      await editor().fill(JSON.stringify({ $type: POST, text: 42, createdAt: new Date().toISOString() }));
      await record().getByRole("button", { name: "Save" }).click();
      await waitForText(error, "InvalidRequest");
      expect((await serverRecord(created)).body.value.text).toBe("made in the browser");
      await screenshot(page, "validation-error");
    }, 60_000);

    it("keeps unsaved edits while another record is open, then saves them with swapRecord", async () => {
      const before = (await serverRecord(created)).body.cid;
      await editor().fill(postJson("edited in the browser"));
      await page.getByRole("button", { name: /seeded post 0$/ }).click();
      await expect.poll(async () => JSON.parse(await editor().inputValue()).text, WAIT).toBe("seeded post 0");
      await page.getByRole("button", { name: new RegExp(created) }).click();
      await expect
        .poll(async () => JSON.parse(await editor().inputValue()).text, WAIT)
        .toBe("edited in the browser");
      await record().getByRole("button", { name: "Save" }).click();
      await waitForText(record().getByRole("status"), "Saved; new CID");
      const after = await serverRecord(created);
      expect(after.body.value.text).toBe("edited in the browser");
      expect(after.body.cid).not.toBe(before);
      await waitForText(record().getByTestId("record-cid"), after.body.cid);
      await screenshot(page, "saved");
    }, 60_000);

    it("shows a conflict with both versions and overwrites only when asked", async () => {
      await editor().fill(postJson("mine"));
      expect((await otherPut(created, "theirs")).status).toBe(200);
      await record().getByRole("button", { name: "Save" }).click();
      const conflict = record().getByRole("alert");
      await waitForText(conflict, "InvalidSwap");
      await waitForText(conflict.getByRole("figure").first(), '"text": "mine"');
      await waitForText(conflict.getByRole("figure").last(), '"text": "theirs"');
      expect(JSON.parse(await editor().inputValue()).text).toBe("mine");
      expect((await serverRecord(created)).body.value.text).toBe("theirs");
      await screenshot(page, "conflict");
      await conflict.getByRole("button", { name: "Overwrite with my version" }).click();
      await waitForText(record().getByRole("status"), "Saved; new CID");
      expect((await serverRecord(created)).body.value.text).toBe("mine");
    }, 60_000);

    it("resolves a conflict by reloading the server version when the user chooses to", async () => {
      await editor().fill(postJson("mine again"));
      expect((await otherPut(created, "theirs again")).status).toBe(200);
      await record().getByRole("button", { name: "Save" }).click();
      const conflict = record().getByRole("alert");
      await conflict.getByRole("button", { name: /Reload server version/ }).click();
      await expect.poll(async () => JSON.parse(await editor().inputValue()).text, WAIT).toBe("theirs again");
      await expect(conflict.count()).resolves.toBe(0);
      expect((await serverRecord(created)).body.value.text).toBe("theirs again");
    }, 60_000);

    it("shows a write made with the CLI in the live feed", async () => {
      const env = { BLUESKY_SESSION_FILE: join(cliDir, "session.json"), BLUESKY_SERVER_URL: pds.url };
      await runCli(["login", "--identifier", alice.handle, "--password", alice.password], env);
      // A collection no lexicon covers, so any record key goes.
      const note = JSON.stringify({ $type: "com.example.note", text: "from the CLI" });
      await runCli(["put-record", alice.did, "com.example.note", "from-cli", "--record", "-"], env, note);
      const written = Date.now();
      await waitForText(feed(), "create com.example.note/from-cli");
      // The firehose pushes the commit; polling would take seconds. Generous for a loaded CI machine.
      expect(Date.now() - written).toBeLessThan(5_000);
      await screenshot(page, "live-feed-cli");
    }, 90_000);

    it("deletes a record after confirmation", async () => {
      await record().getByRole("button", { name: "Delete record…" }).click();
      const cancel = record().getByRole("button", { name: "Cancel" });
      await expect.poll(() => cancel.evaluate((el) => el === document.activeElement), WAIT).toBe(true);
      await screenshot(page, "delete-confirm");
      await record().getByRole("button", { name: "Yes, delete" }).click();
      await waitForText(feed(), `delete ${POST}/${created}`);
      await waitForText(record(), "Choose a record");
      expect((await serverRecord(created)).body.error).toBe("RecordNotFound");
      await screenshot(page, "deleted");
    }, 60_000);

    it("refreshes an expired access token without the user noticing (keyboard only)", async () => {
      const expired = pds.ctx.tokens.createAccess(alice.did, "com.atproto.access", -60);
      await page.evaluate((token) => {
        const saved = JSON.parse(sessionStorage.getItem("explorer.session")!);
        sessionStorage.setItem("explorer.session", JSON.stringify({ ...saved, accessJwt: token }));
      }, expired);
      await page.reload();
      const press = async (target: Locator) => {
        await target.focus();
        await page.keyboard.press("Enter");
      };
      await press(page.getByRole("button", { name: POST }));
      await press(page.getByRole("button", { name: /seeded post 59$/ }));
      // Opening a record moves focus to its heading.
      const focused = () => page.evaluate(() => document.activeElement?.textContent ?? "");
      await expect.poll(focused, WAIT).toMatch(new RegExp(`^${POST}/`));
      await editor().fill(postJson("saved after a silent refresh"));
      await page.keyboard.press("Tab"); // from the field to Save
      await page.keyboard.press("Enter");
      await waitForText(record().getByRole("status"), "Saved; new CID");
      const uri = await record().getByTestId("record-uri").textContent();
      expect((await serverRecord(uri!.split("/").pop()!)).body.value.text).toBe(
        "saved after a silent refresh",
      );
      const token = await page.evaluate(
        () => JSON.parse(sessionStorage.getItem("explorer.session")!).accessJwt,
      );
      expect(token).not.toBe(expired);
    }, 60_000);

    it("is readable at 360 px wide without sideways scrolling, and raised no alerts or page errors", async () => {
      await page.setViewportSize({ width: 360, height: 800 });
      await editor().waitFor(WAIT);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
      await screenshot(page, "mobile-360");
      expect(dialogs).toEqual([]);
      expect(pageErrors).toEqual([]);
    }, 60_000);
  },
);
