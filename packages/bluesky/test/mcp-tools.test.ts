// The MCP server's tools as data: one per query and procedure of the operation table, named after its
// namespace and method, with its lexicon's description and an input schema that is valid JSON Schema
// (compiled by Ajv, strict) and says what the lexicon says: the same arguments, the same required ones,
// every lexicon-valid sample accepted and every sample missing a required argument refused. The atproto
// format patterns are run over the interop vectors.
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { describe, expect, it } from "vitest";
import { FORMAT_SCHEMAS } from "../codegen/json-schema.js";
import { loadDocs } from "../codegen/lexicons.js";
import { buildOps } from "../codegen/model.js";
import { Samples } from "../codegen/samples.js";
import { allTools, selectTools, ToolSelectionError } from "../src/mcp/catalog.js";
import { curatedTools } from "../src/mcp/curated/index.js";
import { operationTools } from "../src/mcp/tools.js";
import { operations } from "../src/operations/index.js";
import { lexiconValidator } from "../src/validation.js";
import { vectors } from "./_util.js";

const ajv = new Ajv2020({ strict: true, allErrors: true });
addFormats(ajv);
const docs = loadDocs();
const ops = buildOps(docs).filter((op) => op.kind !== "subscription");
const samples = new Samples(docs);
const toolOf = (nsid: string) => operationTools.find((t) => t.id === nsid)!;
const POST = { $type: "app.bsky.feed.post", text: "hello", createdAt: "2024-11-21T12:00:00.000Z" };

/** A lexicon sample whose written records (the samples' collection is app.bsky.feed.post) are posts. */
function withPosts(sample: Record<string, unknown>): Record<string, unknown> {
  const writes = sample.writes as Record<string, unknown>[] | undefined;
  return {
    ...sample,
    ...("record" in sample && { record: POST }),
    ...(writes && { writes: writes.map((w) => ("value" in w ? { ...w, value: POST } : w)) }),
  };
}

describe("the generated tools", () => {
  it("are one per query and procedure, named <namespace>-<method> in kebab case", () => {
    expect(operationTools.map((t) => t.id).sort()).toEqual(Object.keys(operations).sort());
    expect(operationTools).toHaveLength(298);
    expect(toolOf("com.atproto.repo.putRecord").name).toBe("repo-put-record");
    expect(toolOf("com.atproto.repo.getRecord").name).toBe("repos-get-record");
    expect(toolOf("app.bsky.feed.getTimeline").name).toBe("feed-get-timeline");
    expect(toolOf("chat.bsky.convo.addReaction").name).toBe("chat-convo-add-reaction");
    const names = allTools().map((t) => t.name);
    expect(new Set(names).size).toBe(names.length);
    // The MCP spec's tool-name rule, and the 64 characters some clients still enforce.
    for (const name of names) expect(name).toMatch(/^[a-z][a-z0-9-]{0,63}$/);
  });

  it("carry their lexicon's description, and queries are read tools, procedures write tools", () => {
    const tools = new Map(allTools().map((t) => [t.title, t]));
    for (const op of ops) {
      const tool = tools.get(op.nsid)!;
      expect(tool.description).toBe(op.description.trim() || `${op.nsid} (its lexicon has no description).`);
      expect(tool.scope).toBe(op.kind === "query" ? "read" : "write");
    }
  });

  it("have input schemas that are valid JSON Schema, curated ones included", () => {
    for (const tool of allTools()) {
      expect(tool.inputSchema.type, tool.name).toBe("object");
      expect(() => ajv.compile(tool.inputSchema), tool.name).not.toThrow();
    }
  });

  it.each(
    ops.filter((op) => op.request === "params" || op.request === "json").map((op) => [op.nsid, op] as const),
  )("%s: the schema takes the lexicon's arguments, as the lexicon does", (nsid, op) => {
    const node = op.request === "params" ? op.main.parameters! : op.main.input!.schema!;
    const lexicon = node.type === "ref" ? undefined : node;
    const schema = toolOf(nsid).inputSchema as { properties: object; required?: string[] };
    if (lexicon) {
      expect(Object.keys(schema.properties)).toEqual(Object.keys(lexicon.properties ?? {}));
      expect(schema.required ?? []).toEqual(lexicon.required ?? []);
    }
    const validate = ajv.compile(schema);
    for (const full of [false, true]) {
      const sample = withPosts(samples.of(node, nsid, { full }) as Record<string, unknown>);
      expect(lexiconValidator(nsid, sample), "the sample is lexicon-valid").toEqual([]);
      expect(validate(sample), JSON.stringify(validate.errors)).toBe(true);
      for (const key of schema.required ?? []) {
        const { [key]: _, ...missing } = sample;
        expect(validate(missing), `without ${key}`).toBe(false);
      }
    }
  });

  it("take open unions' other members and check known ones, as the lexicon does", () => {
    const validate = ajv.compile(toolOf("app.bsky.actor.putPreferences").inputSchema);
    const prefs = (item: unknown) => validate({ preferences: [item] });
    expect(prefs({ $type: "app.bsky.actor.defs#adultContentPref", enabled: true })).toBe(true);
    expect(prefs({ $type: "com.example.preference", anything: 1 })).toBe(true);
    expect(prefs({ $type: "app.bsky.actor.defs#adultContentPref", enabled: "yes" })).toBe(false);
    expect(prefs({ enabled: true })).toBe(false);
  });

  it("take bytes as base64 or a file for the three binary procedures, and nothing for the rest", () => {
    const binary = operationTools.filter((t) => t.request === "binary").map((t) => t.name);
    expect(binary.sort()).toEqual(["atproto-repo-import", "atproto-repo-upload-blob", "videos-upload"]);
    const validate = ajv.compile(toolOf("com.atproto.repo.uploadBlob").inputSchema);
    expect(validate({ data: "iVBORw0KGgo=" })).toBe(true);
    expect(validate({ path: "cat.png", mimeType: "image/png" })).toBe(true);
    expect(validate({ data: 1 })).toBe(false);
    expect(toolOf("com.atproto.server.getSession")).toMatchObject({ request: "none" });
  });
});

describe("atproto string formats as JSON Schema", () => {
  const exact = ["did", "handle", "at-identifier", "nsid", "tid", "record-key", "cid"];
  const files: Record<string, string> = {
    did: "did",
    handle: "handle",
    "at-identifier": "atidentifier",
    nsid: "nsid",
    tid: "tid",
    "record-key": "recordkey",
    cid: "cid",
    "at-uri": "aturi",
    language: "language",
    datetime: "datetime",
    uri: "uri",
  };
  it.each(Object.entries(files))("%s accepts every valid vector", (format, file) => {
    const validate = ajv.compile({ type: "string", ...FORMAT_SCHEMAS[format] });
    const refused = vectors(file).valid.filter((v) => !validate(v));
    expect(refused).toEqual([]);
  });

  it.each(exact.map((f) => [f, files[f]!]))("%s refuses every invalid vector", (format, file) => {
    const validate = ajv.compile({ type: "string", ...FORMAT_SCHEMAS[format] });
    expect(vectors(file).invalid.filter((v) => validate(v))).toEqual([]);
  });
});

describe("choosing tools", () => {
  it("serves everything by default: the curated tools, then one per operation", () => {
    const tools = selectTools();
    expect(tools).toHaveLength(curatedTools.length + 298);
    expect(tools.slice(0, 3).map((t) => t.name)).toEqual(["create-post", "reply-to-post", "like-post"]);
  });

  it("serves no write tool under the read scope", () => {
    const tools = selectTools({ scope: "read" });
    expect(tools.every((t) => t.scope === "read")).toBe(true);
    const names = tools.map((t) => t.name);
    expect(names).toContain("repos-get-record");
    expect(names).toContain("get-record");
    for (const write of ["repo-put-record", "create-post", "upload-image"])
      expect(names).not.toContain(write);
  });

  it("serves only the tools an allow-list names, `*` matching any run of characters", () => {
    const names = (tools: string[]) => selectTools({ tools }).map((t) => t.name);
    expect(names(["repo-put-record", "get-record"])).toEqual(["get-record", "repo-put-record"]);
    expect(names(["feed-get-t*"])).toEqual(["feed-get-timeline"]);
    expect(selectTools({ scope: "read", tools: ["repo*"] }).every((t) => t.scope === "read")).toBe(true);
  });

  it("refuses an allow-list entry that matches nothing, or only write tools under the read scope", () => {
    expect(() => selectTools({ tools: ["repo-put-recrod"] })).toThrow(ToolSelectionError);
    expect(() => selectTools({ scope: "read", tools: ["repo-put-record"] })).toThrow(/write tool/);
  });
});
