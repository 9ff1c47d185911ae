import { formatProblem, type StringFormat } from "../lexicon/input.js";
import { InvalidRequestError } from "../xrpc/errors.js";

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
export function requiredParam(params: Record<string, string | string[] | undefined>, key: string): string {
  const value = params[key];
  if (typeof value !== "string" || value === "")
    throw new InvalidRequestError(`Params must have the property "${key}"`);
  return value;
}

/** A required query parameter in an atproto string format: 400 InvalidRequest otherwise, as the reference. */
export function formatParam(
  params: Record<string, string | string[] | undefined>,
  key: string,
  format: StringFormat,
): string {
  const value = requiredParam(params, key);
  const problem = formatProblem(value, format);
  if (problem !== undefined) throw new InvalidRequestError(`${problem} at params.${key}`);
  return value;
}

/** An optional query parameter in an atproto string format (absent or empty: undefined). */
export function optionalFormatParam(
  params: Record<string, string | string[] | undefined>,
  key: string,
  format: StringFormat,
): string | undefined {
  const value = params[key];
  if (value === undefined || value === "") return undefined;
  return formatParam(params, key, format);
}
