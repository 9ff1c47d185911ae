// Client CPU per putRecord call: our SDK, @atproto/api, @atproto/lex and @atcute/client against raw
// fetch, in one run, twice: with a fake fetch that answers at once (the clients' own work, nothing else)
// and against a live local server in a child process (so process.cpuUsage() counts only the client).
// Run: npm run bench -- bench/sdk-overhead.ts [calls per round]
import { spawn } from "node:child_process";
import { once } from "node:events";
import { Client, simpleFetchHandler } from "@atcute/client";
import { AtpAgent } from "@atproto/api";
import { Client as LexClient } from "@atproto/lex";
import { BlueskyCore } from "bluesky/core.js";
import { repoPutRecord } from "bluesky/funcs/repoPutRecord.js";
import { HTTPClient } from "bluesky/lib/http.js";
import { buildLexSchemas, lexModule } from "./sdk/lex.ts";
import { median, printTable } from "./sdk/table.ts";

const RESPONSE = JSON.stringify({
  uri: "at://did:plc:ewvi7nxzyoun6zhxrhs64oiz/app.bsky.feed.post/3jzfcijpj2z2a",
  cid: "bafyreiclp443lavogvhj3d2ob2cxbfuscni2k5jk7bebjzg7khl3esabwq",
  commit: { cid: "bafyreihldkhcwijkde7gx4rpkkuw7pl6lbyu5gieunyc7ihactn5bkd2nm", rev: "3jzfcijpj2z2a" },
  validationStatus: "valid",
});
const SERVER = `
  const body = ${JSON.stringify(RESPONSE)};
  const server = require("node:http").createServer((req, res) => {
    req.resume();
    req.on("end", () => { res.writeHead(200, { "content-type": "application/json" }); res.end(body); });
  });
  server.listen(0, "127.0.0.1", () => console.log(server.address().port));`;

const REQUEST = {
  repo: "did:plc:ewvi7nxzyoun6zhxrhs64oiz",
  collection: "app.bsky.feed.post",
  rkey: "3jzfcijpj2z2a",
  record: { $type: "app.bsky.feed.post", text: "hello", createdAt: "2026-11-27T12:00:00.000Z" },
};
const TOKEN = "Bearer token";
const lexPutRecord = await import(
  lexModule(buildLexSchemas("put", ["com.atproto.repo.putRecord"]), "com.atproto.repo.putRecord")
);

/** A fetch that answers every request at once with the putRecord response, as a server would. */
const fakeFetch = (async () =>
  new Response(RESPONSE, { status: 200, headers: { "content-type": "application/json" } })) as typeof fetch;

/** Each client makes the call and checks it succeeded, as an app would before using the result. */
function clients(service: string, fetcher: typeof fetch): Record<string, () => Promise<unknown>> {
  const core = new BlueskyCore({
    serverURL: service,
    bearer: "token",
    httpClient: new HTTPClient({ fetcher }),
  });
  const agent = new AtpAgent({ service, fetch: fetcher });
  agent.setHeader("authorization", TOKEN);
  const lex = new LexClient({ service, fetch: fetcher, headers: { authorization: TOKEN } });
  const atcute = new Client({ handler: simpleFetchHandler({ service, fetch: fetcher }) });
  return {
    "raw fetch": async () => {
      const res = await fetcher(`${service}/xrpc/com.atproto.repo.putRecord`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: TOKEN },
        body: JSON.stringify(REQUEST),
      });
      if (!res.ok) throw new Error(`status ${res.status}`);
      return res.json();
    },
    "bluesky repoPutRecord": async () => {
      const res = await repoPutRecord(core, REQUEST);
      if (!res.ok) throw res.error;
      return res.value;
    },
    "@atproto/api": async () => (await agent.com.atproto.repo.putRecord(REQUEST)).data,
    "@atproto/lex": () => lex.call(lexPutRecord, REQUEST),
    "@atcute/client": async () => {
      // @ts-expect-error atcute types NSIDs through @atcute/atproto's ambient lexicons, not installed for one bench call
      const res = await atcute.post("com.atproto.repo.putRecord", {
        input: REQUEST,
        headers: { authorization: TOKEN },
      });
      if (!res.ok) throw new Error(res.data.error);
      return res.data;
    },
  };
}

/** Runs `n` sequential calls and returns the client's CPU time and the wall time, in microseconds. */
async function measure(call: () => Promise<unknown>, n: number): Promise<{ cpu: number; wall: number }> {
  const cpu0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) await call();
  const wall = Number(process.hrtime.bigint() - t0) / 1000;
  const { user, system } = process.cpuUsage(cpu0);
  return { cpu: user + system, wall };
}

const ROUNDS = 10;

/**
 * Measures every client: each round runs them back to back, starting from a different one, so load from
 * other processes and GC drift hit all alike; ratios are taken within a round and the median printed.
 */
async function run(
  title: string,
  calls: Record<string, () => Promise<unknown>>,
  perRound: number,
  target: number,
) {
  const names = Object.keys(calls);
  const samples = Object.fromEntries(names.map((k) => [k, [] as { cpu: number; wall: number }[]]));
  for (const call of Object.values(calls)) await measure(call, Math.min(perRound, 500)); // JIT, keep-alive sockets
  for (let round = 0; round < ROUNDS; round++) {
    for (let i = 0; i < names.length; i++) {
      const name = names[(round + i) % names.length]!;
      samples[name]!.push(await measure(calls[name]!, perRound));
    }
  }
  const base = samples["raw fetch"]!;
  const ratio = (name: string, key: "cpu" | "wall") =>
    median(samples[name]!.map((s, r) => s[key] / base[r]![key]));
  const perCall = (name: string, key: "cpu" | "wall") => median(samples[name]!.map((s) => s[key])) / perRound;
  console.log(
    `\n## ${title}: ${ROUNDS} rounds × ${perRound} sequential putRecord calls per client; medians\n`,
  );
  printTable([
    ["client", "cpu µs/call", "cpu vs fetch", "wall µs/call", "wall vs fetch"],
    ...names.map((name) => [
      name,
      perCall(name, "cpu").toFixed(1),
      `${ratio(name, "cpu").toFixed(2)}×`,
      perCall(name, "wall").toFixed(1),
      `${ratio(name, "wall").toFixed(2)}×`,
    ]),
  ]);
  const ours = ratio("bluesky repoPutRecord", "cpu");
  console.log(
    `target: bluesky <= ${target}× raw fetch CPU: ${ours <= target ? "met" : "MISSED"} (${ours.toFixed(3)}×)`,
  );
}

const perRound = Number(process.argv[2] ?? 1000);
await run("Fake fetch (no I/O)", clients("http://pds.example", fakeFetch), perRound * 5, 1.3);

const child = spawn(process.execPath, ["-e", SERVER], { stdio: ["ignore", "pipe", "inherit"] });
const [portLine] = (await once(child.stdout, "data")) as [Buffer];
const service = `http://127.0.0.1:${portLine.toString().trim()}`;
try {
  await run(`Live local server (${service})`, clients(service, fetch), perRound, 1.05);
} finally {
  child.kill();
}
