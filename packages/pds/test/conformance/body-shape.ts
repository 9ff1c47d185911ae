// What a success body must look like on every server: the body with what legitimately differs between
// servers and runs masked (account DIDs and handles, commit CIDs, revs, generated TID keys). Record CIDs
// stay: a record's CID is its content's hash, so two conforming servers give the same one.
import type { CaseContext } from "./cases.js";

const TID = /^[234567abcdefghij][234567abcdefghijklmnopqrstuvwxyz]{12}$/;

/** The body of a 200 answer with run-specific values replaced by placeholders. */
export function bodyShape(body: unknown, ctx: CaseContext): unknown {
  const names: [string, string][] = [
    [ctx.alice.did, "<alice>"],
    [ctx.bob.did, "<bob>"],
    [ctx.alice.handle, "<alice.handle>"],
    [ctx.bob.handle, "<bob.handle>"],
  ];
  const mask = (value: unknown, key?: string): unknown => {
    if (typeof value === "string") {
      if (key === "rev") return "<rev>";
      let out = value;
      for (const [real, placeholder] of names) out = out.split(real).join(placeholder);
      return out
        .split("/")
        .map((part) => (TID.test(part) ? "<tid>" : part))
        .join("/");
    }
    if (Array.isArray(value)) return value.map((v) => mask(v));
    if (value !== null && typeof value === "object") {
      if (key === "commit") return { cid: "<commit>", rev: "<rev>" };
      // Key order is not part of JSON's meaning: sort so equal bodies serialize alike.
      const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      return Object.fromEntries(entries.map(([k, v]) => [k, mask(v, k)]));
    }
    return value;
  };
  return mask(body);
}
