// The OAuth session adapter (src/oauth/session.ts) inside the SDK's transport, with a stand-in for the
// OAuth library's session: the calls to the account's PDS go through the session's own fetch (which in
// the library signs DPoP proofs), calls elsewhere get nothing, hooks still see every request, and
// logout detaches before revoking. The real library runs in e2e/test/oauth-client-node.test.ts.
import { describe, expect, it } from "vitest";
import { BlueskyCore } from "../src/core.js";
import { repoGetRecord } from "../src/funcs/repoGetRecord.js";
import { repoPutRecord } from "../src/funcs/repoPutRecord.js";
import { HTTPClient } from "../src/lib/http.js";
import { attachOAuthSession, type OAuthSessionLike } from "../src/oauth/session.js";
import { unwrap } from "../src/types/fp.js";
import { json, serve } from "./_util.js";

const DID = "did:plc:ewvi7nxzyoun6zhxrhs64oiz";

/** A stand-in for @atproto/oauth-client's OAuthSession: records what it was asked to send. */
function fakeSession(aud: string, opts: { signOut?: () => Promise<void> } = {}) {
  const sent: { url: string; method: string; body: string }[] = [];
  const session: OAuthSessionLike = {
    did: DID,
    async fetchHandler(pathname, init) {
      const url = new URL(pathname, aud);
      const body = init?.body ? new TextDecoder().decode(init.body as ArrayBuffer | Uint8Array) : "";
      sent.push({
        url: url.href,
        method: init?.method ?? "GET",
        body: typeof init?.body === "string" ? init.body : body,
      });
      const headers = new Headers(init?.headers);
      headers.set("authorization", "DPoP access-token");
      headers.set("dpop", "proof");
      return fetch(url, { ...init, headers });
    },
    getTokenInfo: async () => ({ aud, sub: DID, scope: "atproto transition:generic", iss: aud }),
    signOut: opts.signOut ?? (async () => {}),
  };
  return { session, sent };
}

describe("OAuthSessionHandler", () => {
  it("sends calls to the account's PDS through the session, with its headers, after the hooks", async () => {
    const pds = await serve((req, res) =>
      json(res, 200, {
        uri: `at://${DID}/c/k`,
        cid: "bafyreie5737gdxlw5i64vzichcalba3z2v5n6icifvx5xytvske7mr3hpm",
        auth: req.headers.authorization,
      }),
    );
    const seen: string[] = [];
    const http = new HTTPClient().addHook("beforeRequest", (req) => {
      seen.push(req.url);
      return req;
    });
    const client = new BlueskyCore({ serverURL: "https://elsewhere.example", httpClient: http });
    const { session, sent } = fakeSession(pds.url);
    const handler = unwrap(await attachOAuthSession(client, session));
    expect(handler.serviceURL).toBe(`${pds.url}/`);
    const res = await repoPutRecord(client, {
      repo: DID,
      collection: "app.bsky.feed.post",
      rkey: "3kaaaaaaaaaa2",
      record: { text: "x" },
    });
    expect(res.ok).toBe(true);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ url: `${pds.url}/xrpc/com.atproto.repo.putRecord`, method: "POST" });
    expect(JSON.parse(sent[0]!.body)).toMatchObject({ repo: DID, rkey: "3kaaaaaaaaaa2" });
    expect(seen).toEqual([`${pds.url}/xrpc/com.atproto.repo.putRecord`]);
    expect(pds.seen[0]!.headers.authorization).toBe("DPoP access-token");
    expect(pds.seen[0]!.headers.dpop).toBe("proof");
    await pds.close();
  });

  it("never lends the session to another server", async () => {
    const uri = `at://${DID}/app.bsky.feed.post/3kaaaaaaaaaa2`;
    const other = await serve((_req, res) => json(res, 200, { uri, value: { text: "x" } }));
    const client = new BlueskyCore({ serverURL: "https://elsewhere.example" });
    const { session, sent } = fakeSession("https://pds.example");
    unwrap(await attachOAuthSession(client, session));
    const res = await repoGetRecord(
      client,
      { repo: DID, collection: "app.bsky.feed.post", rkey: "3kaaaaaaaaaa2" },
      { serverURL: other.url },
    );
    expect(res.ok, JSON.stringify(res.error)).toBe(true);
    expect(sent).toEqual([]);
    expect(other.seen[0]!.headers.authorization).toBeUndefined();
    await other.close();
  });

  it("logout detaches at once and reports a revocation the server refused", async () => {
    const client = new BlueskyCore({ serverURL: "https://elsewhere.example" });
    const { session } = fakeSession("https://pds.example", {
      signOut: async () => {
        throw new Error("revocation failed");
      },
    });
    const handler = unwrap(await attachOAuthSession(client, session));
    const out = await handler.logout();
    expect(client._session).toBeUndefined();
    expect(out.ok).toBe(false);
    expect(!out.ok && out.error.name).toBe("OAuthSessionError");
  });
});
