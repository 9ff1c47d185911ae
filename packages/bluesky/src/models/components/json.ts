/** Any value of the atproto JSON data model. */
export type JsonValue = string | number | boolean | null | JsonValue[] | JsonObject;
/** A JSON object, the shape every record must have; values are unchecked so interfaces and `Record<string, unknown>` fit. */
export type JsonObject = { [key: string]: unknown };
