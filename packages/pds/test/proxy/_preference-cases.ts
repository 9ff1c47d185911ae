// app.bsky.actor.getPreferences / putPreferences, one table for our PDS and the reference (each with the
// same stand-in AppView configured, as the reference keeps preferences only then): preferences are kept
// by the PDS per account, in order, personal details only for full-access sessions, the age flags
// derived; a call naming another AppView goes there.
import { afterAll, beforeAll, expect, test } from "vitest";
import { type Account, createAccount, type RunningTarget, xrpc, xrpcRaw } from "../../../../peers/target.js";
import { sendJson, startUpstream, type Upstream } from "../_upstream.js";

const ADULT = "app.bsky.actor.defs#adultContentPref";
const DETAILS = "app.bsky.actor.defs#personalDetailsPref";
const AGE = "app.bsky.actor.defs#declaredAgePref";
const SAVED = "app.bsky.actor.defs#savedFeedsPrefV2";

/** Registers the table against a PDS `start` runs with the stand-in AppView configured. */
export function runPreferenceCases(
  side: "ours" | "reference",
  start: (appView: { url: string; did: string }) => Promise<RunningTarget>,
) {
  let target: RunningTarget;
  let other: Upstream;
  let appView: Upstream;
  let alice: Account;
  let appPassword: string;

  beforeAll(async () => {
    appView = await startUpstream({});
    other = await startUpstream({
      "app.bsky.actor.getPreferences": (_req, res) =>
        sendJson(res, 200, { preferences: [{ $type: "elsewhere" }] }),
      "app.bsky.actor.putPreferences": (req, res) =>
        sendJson(res, 200, { stored: JSON.parse(req.body.toString()) }),
    });
    target = await start({ url: appView.url, did: appView.did });
    alice = await createAccount(target);
    const { password } = await xrpc<{ password: string }>(target, "com.atproto.server.createAppPassword", {
      token: alice.accessJwt,
      body: { name: "app" },
    });
    appPassword = (
      await xrpc<{ accessJwt: string }>(target, "com.atproto.server.createSession", {
        body: { identifier: alice.did, password },
      })
    ).accessJwt;
  }, 180_000);
  afterAll(async () => {
    await target?.stop();
    await Promise.all([appView?.close(), other?.close()]);
  });

  const put = (preferences: unknown[], token = alice.accessJwt) =>
    xrpcRaw(target, "app.bsky.actor.putPreferences", { token, body: { preferences } });
  const get = async (token = alice.accessJwt) =>
    (await xrpc<{ preferences: { $type: string }[] }>(target, "app.bsky.actor.getPreferences", { token }))
      .preferences;

  test("a new account has none; what is put comes back in order, and a put replaces them all", async () => {
    expect(await get()).toEqual([]);
    const saved = { $type: SAVED, items: [{ id: "a", type: "timeline", value: "following", pinned: true }] };
    expect((await put([{ $type: ADULT, enabled: true }, saved])).status).toBe(200);
    expect(await get()).toEqual([{ $type: ADULT, enabled: true }, saved]);
    expect((await put([saved])).status).toBe(200);
    expect(await get()).toEqual([saved]);
  });

  test("a birth date yields the age flags; the derived preference is never stored", async () => {
    const details = { $type: DETAILS, birthDate: "1990-01-01T00:00:00.000Z" };
    expect(
      (await put([details, { $type: AGE, isOverAge13: false, isOverAge16: false, isOverAge18: false }]))
        .status,
    ).toBe(200);
    expect(await get()).toEqual([
      details,
      { $type: AGE, isOverAge13: true, isOverAge16: true, isOverAge18: true },
    ]);
  });

  test("an app password neither sees nor sets personal details, and keeps them when putting others", async () => {
    expect(await get(appPassword)).toEqual([
      { $type: AGE, isOverAge13: true, isOverAge16: true, isOverAge18: true },
    ]);
    const refused = await put([{ $type: DETAILS, birthDate: "2015-01-01T00:00:00.000Z" }], appPassword);
    expect(refused).toEqual({
      status: 400,
      body: { error: "InvalidRequest", message: `Do not have authorization to set preferences: ${DETAILS}` },
    });
    expect((await put([{ $type: ADULT, enabled: false }], appPassword)).status).toBe(200);
    expect((await get()).map((p) => p.$type)).toEqual([DETAILS, ADULT, AGE]);
  });

  test("a preference outside app.bsky is refused", async () => {
    expect(await put([{ $type: "com.example.pref" }])).toEqual({
      status: 400,
      body: { error: "InvalidRequest", message: "Some preferences are not in the app.bsky namespace" },
    });
  });

  test("atproto-proxy naming another AppView: the call goes there", async () => {
    const headers = {
      authorization: `Bearer ${alice.accessJwt}`,
      "atproto-proxy": `${other.did}#bsky_appview`,
      "content-type": "application/json",
    };
    const read = await fetch(`${target.url}/xrpc/app.bsky.actor.getPreferences`, { headers });
    expect(await read.json()).toEqual({ preferences: [{ $type: "elsewhere" }] });
    const body = { preferences: [{ $type: ADULT, enabled: true }] };
    const write = await fetch(`${target.url}/xrpc/app.bsky.actor.putPreferences`, {
      method: "POST",
      headers,
      body: JSON.stringify(body),
    });
    // Differs (docs/differences.md): the reference cannot forward a body it has read and answers 500.
    if (side === "reference") return expect(write.status).toBe(500);
    expect(await write.json()).toEqual({ stored: body });
  });
}
