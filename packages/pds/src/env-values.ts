import { ConfigError } from "./config.js";

/** An environment value with "" meaning unset. */
export function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === "" ? undefined : value;
}

/** A whole number setting; ConfigError naming `name` otherwise. */
export function integer(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw new ConfigError(`${name} must be a whole number; got "${value}"`);
  return Number(value);
}

/** A true/false (or 1/0) setting; ConfigError naming `name` otherwise. */
export function boolean(name: string, value: string | undefined): boolean | undefined {
  if (value === undefined) return undefined;
  const v = value.toLowerCase();
  if (v === "true" || v === "1") return true;
  if (v === "false" || v === "0") return false;
  throw new ConfigError(`${name} must be true or false; got "${value}"`);
}

/** A comma-separated list, entries trimmed, empty ones dropped. */
export function list(value: string | undefined): string[] | undefined {
  return value
    ?.split(",")
    .map((v) => v.trim())
    .filter((v) => v !== "");
}
