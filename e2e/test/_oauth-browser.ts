// Signing in on a sign-in page in Chromium, and a loopback app server that the browser comes back to:
// what an OAuth app's user does, for the interop tests.
import { createServer, type Server } from "node:http";
import type { Page } from "playwright-core";

/** A loopback "app" on 127.0.0.1 whose callback records the parameters the browser brings back. */
export interface CallbackServer {
  redirectUri: string;
  /** Resolves with the next callback's query parameters. */
  next(): Promise<URLSearchParams>;
  close(): void;
}

/** Starts the app's callback endpoint at `http://127.0.0.1:<port>/callback`. */
export async function startCallbackServer(): Promise<CallbackServer> {
  let waiting: ((params: URLSearchParams) => void) | undefined;
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    res.writeHead(200, { "content-type": "text/html" }).end("<title>App</title><p>Signed in.</p>");
    if (url.pathname === "/callback") waiting?.(url.searchParams);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    redirectUri: `http://127.0.0.1:${port}/callback`,
    next: () => new Promise((resolve) => (waiting = resolve)),
    close: () => server.close(),
  };
}

/** On our PDS's page (apps/explorer/sign-in.html): the password, then Allow. */
export async function signInOnOurPage(
  page: Page,
  url: string,
  account: { handle: string; password: string },
) {
  await page.goto(url);
  await page.getByLabel("Password").waitFor({ timeout: 20_000 });
  if ((await page.getByLabel("Handle or email").inputValue()) === "") {
    await page.getByLabel("Handle or email").fill(account.handle);
  }
  await page.getByLabel("Password").fill(account.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("button", { name: "Allow" }).click();
}
