// The PDS's OAuth sign-in and consent page (the explorer's sign-in.html), driven in Debian's Chromium
// with the keyboard: an app's pushed request, sign-in, consent, the way back to the app with a code
// that buys a working token; a wrong password, a refusal, a narrow screen.
import { existsSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestAccount, type TestAccount } from "../../../packages/pds/test/_util.js";
import { loopbackClientId, OAuthFlow, startOAuthPds } from "../../../packages/pds/test/oauth/_oauth.js";
import { CHROMIUM, ensureExplorerBuilt, launchChromium, screenshot } from "./_util.js";

const WAIT = { timeout: 20_000 };
const SCOPE = "atproto transition:generic";

describe.skipIf(!existsSync(CHROMIUM))(
  `OAuth sign-in page in headless Chromium (skipped when ${CHROMIUM} is absent; scripts/setup.sh installs it)`,
  () => {
    let pds: Awaited<ReturnType<typeof startOAuthPds>>;
    let alice: TestAccount;
    let browser: Browser;
    let page: Page;
    let app: Server;
    let appUrl: string;
    /** The callback URLs the app was sent back to. */
    const returned: URL[] = [];

    beforeAll(async () => {
      ensureExplorerBuilt();
      pds = await startOAuthPds();
      alice = await createTestAccount(pds, "alice");
      // The app's loopback callback (a loopback client's redirect matches on the path, any port).
      app = createServer((req, res) => {
        returned.push(new URL(req.url ?? "/", appUrl));
        res.writeHead(200, { "content-type": "text/html" }).end("<title>App</title><p>Back in the app</p>");
      });
      await new Promise<void>((resolve) => app.listen(0, "127.0.0.1", resolve));
      appUrl = `http://127.0.0.1:${(app.address() as { port: number }).port}`;
      browser = await launchChromium();
      page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    }, 300_000);

    afterAll(async () => {
      await browser?.close();
      app?.close();
      await pds?.close();
    });

    /** A pushed request of a fresh client; opens its sign-in page. */
    async function startRequest(extra: Record<string, string> = {}) {
      const flow = await OAuthFlow.create(pds.issuer, loopbackClientId(SCOPE));
      const pushed = await flow.par({ redirect_uri: `${appUrl}/callback`, scope: SCOPE, ...extra });
      expect(pushed.status).toBe(201);
      const query = new URLSearchParams({ client_id: flow.clientId, request_uri: pushed.body.request_uri });
      await page.goto(`${pds.issuer}/oauth/authorize?${query}`);
      return { flow, pushed };
    }

    /** Waits for the browser to land on the app's callback; its parameters. */
    async function backInApp(): Promise<URL> {
      await page.waitForURL(`${appUrl}/callback**`, WAIT);
      return returned.at(-1)!;
    }

    it("signs in and consents with the keyboard; the code buys a DPoP token that writes", async () => {
      const { flow, pushed } = await startRequest();
      const heading = page.getByRole("heading", { name: /^Sign in to / });
      await heading.waitFor(WAIT);
      await expect.poll(() => page.evaluate(() => document.activeElement?.tagName), WAIT).toBe("H1");
      await screenshot(page, "sign-in-page");
      await page.keyboard.press("Tab");
      await page.keyboard.type(alice.handle);
      await page.keyboard.press("Tab");
      await page.keyboard.type("wrong password");
      await page.keyboard.press("Enter");
      await page.getByRole("alert").waitFor(WAIT);
      expect(await page.getByRole("alert").textContent()).toMatch(/Invalid identifier or password/);
      await screenshot(page, "sign-in-wrong-password");
      await page.getByLabel("Password").fill("");
      await page.getByLabel("Password").focus();
      await page.keyboard.type(alice.password);
      await page.keyboard.press("Enter");

      const consent = page.getByRole("heading", { name: "Allow this app to use your account?" });
      await consent.waitFor(WAIT);
      const text = (await page.locator("main").textContent()) ?? "";
      expect(text).toContain(flow.clientId);
      expect(text).toContain(alice.handle);
      expect(text).toContain("transition:generic");
      expect(text).toMatch(/Create, edit and delete any of your records/);
      await screenshot(page, "consent");
      // From the focused heading: "Use another account", then "Allow".
      await page.keyboard.press("Tab");
      await page.keyboard.press("Tab");
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Allow");
      await page.keyboard.press("Enter");

      const back = await backInApp();
      expect(back.searchParams.get("iss")).toBe(pds.issuer);
      expect(back.searchParams.get("state")).toBe(pushed.state);
      const tokens = await flow.token(back.searchParams.get("code")!, pushed.verifier, {
        redirect_uri: `${appUrl}/callback`,
      });
      expect(tokens.status).toBe(200);
      expect(tokens.body.sub).toBe(alice.did);
      const write = await flow.xrpc("com.atproto.repo.putRecord", tokens.body.access_token, {
        body: {
          repo: alice.did,
          collection: "app.bsky.actor.profile",
          rkey: "self",
          record: { $type: "app.bsky.actor.profile", displayName: "Signed in with OAuth" },
        },
      });
      expect(write.status).toBe(200);
    }, 90_000);

    it("an app asking for the same account again gets only the consent screen (the browser remembers)", async () => {
      await startRequest({ login_hint: alice.handle });
      // The first sign-in did not ask to stay signed in, so the password is asked again, prefilled handle.
      await page.getByRole("heading", { name: /^Sign in to / }).waitFor(WAIT);
      expect(await page.getByLabel("Handle or email").inputValue()).toBe(alice.handle);
      await page.getByLabel("Password").fill(alice.password);
      await page.getByLabel("Stay signed in on this browser").check();
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.getByRole("button", { name: "Allow" }).click();
      await backInApp();
      await startRequest({ login_hint: alice.handle });
      await page.getByRole("heading", { name: "Allow this app to use your account?" }).waitFor(WAIT);
      await screenshot(page, "consent-remembered");
    }, 90_000);

    it("Deny sends the user back to the app with access_denied", async () => {
      await startRequest();
      const deny = page.getByRole("button", { name: /^(Deny|Cancel)$/ }).first();
      await deny.waitFor(WAIT);
      await deny.click();
      const back = await backInApp();
      expect(back.searchParams.get("error")).toBe("access_denied");
      expect(back.searchParams.get("code")).toBeNull();
    }, 60_000);

    it("fits a 360 px screen without sideways scrolling", async () => {
      await page.setViewportSize({ width: 360, height: 740 });
      await startRequest();
      await page.getByRole("heading", { name: /^(Sign in to |Allow this app)/ }).waitFor(WAIT);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      await screenshot(page, "sign-in-narrow");
    }, 60_000);

    it("shows the provider's refusal of a request it cannot go on with", async () => {
      await page.goto(
        `${pds.issuer}/oauth/authorize?client_id=${encodeURIComponent(loopbackClientId())}&request_uri=urn:ietf:params:oauth:request_uri:req-0000`,
      );
      await page.getByRole("heading", { name: "This sign-in request cannot go on" }).waitFor(WAIT);
      expect(await page.getByRole("alert").textContent()).toBeTruthy();
    }, 60_000);
  },
);
