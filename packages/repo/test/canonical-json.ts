// Stable JSON text of a JSON value, to compare values exactly: keys sorted, own keys only (a `__proto__`
// key included), strings as JSON.stringify writes them (so a lone surrogate and U+FFFD differ).
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value === null || typeof value !== "object") return JSON.stringify(value);
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(",")}}`;
}
