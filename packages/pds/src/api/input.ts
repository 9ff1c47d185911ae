import { formatProblem, type StringFormat } from "../lexicon/input.js";
import { InvalidRequestError } from "../xrpc/errors.js";
import type { Params } from "../xrpc/route.js";
import { optionalParam } from "./repo-read.js";

/** A JSON body, checked to be an object. */
export type JsonObject = Record<string, unknown>;

/** Checks that the body is a JSON object (as every procedure's input here is). */
export function objectInput(body: unknown): JsonObject {
  if (body === null || typeof body !== "object" || Array.isArray(body)) {
    throw new InvalidRequestError("Input must be an object");
  }
  return body as JsonObject;
}

/** A required string property; the message names it as the reference's lexicon checks do. */
export function requiredString(input: JsonObject, key: string): string {
  const value = optionalString(input, key);
  if (value === undefined) throw new InvalidRequestError(`Input must have the property "${key}"`);
  return value;
}

/** An optional string property (absent or null is undefined). */
export function optionalString(input: JsonObject, key: string): string | undefined {
  const value = input[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string") throw new InvalidRequestError(`Input/${key} must be a string`);
  return value;
}

/** An optional boolean property. */
export function optionalBoolean(input: JsonObject, key: string): boolean | undefined {
  const value = input[key];
  if (value === undefined) return undefined;
  if (typeof value !== "boolean") throw new InvalidRequestError(`Input/${key} must be a boolean`);
  return value;
}

/** A required query parameter, given once. */
export function requiredParam(params: Params, key: string): string {
  const value = params[key];
  if (typeof value !== "string" || value === "")
    throw new InvalidRequestError(`Params must have the property "${key}"`);
  return value;
}

/** A required query parameter in an atproto string format: 400 InvalidRequest otherwise, as the reference. */
export function formatParam(params: Params, key: string, format: StringFormat): string {
  return checkFormat(requiredParam(params, key), key, format);
}

/** An optional query parameter in an atproto string format (absent or empty: undefined). */
export function optionalFormatParam(params: Params, key: string, format: StringFormat): string | undefined {
  const value = optionalParam(params, key);
  return value === undefined ? undefined : checkFormat(value, key, format);
}

function checkFormat(value: string, key: string, format: StringFormat): string {
  const problem = formatProblem(value, format);
  if (problem !== undefined) throw new InvalidRequestError(`${problem} at params.${key}`);
  return value;
}
