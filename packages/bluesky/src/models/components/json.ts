/** Any value of the atproto JSON data model. */
export type JsonValue = string | number | boolean | null | JsonValue[] | JsonObject;
/** A JSON object, the shape every record must have; values are unchecked so interfaces and `Record<string, unknown>` fit. */
export type JsonObject = { [key: string]: unknown };

/** A blob reference as records carry it (`$type: "blob"`). */
export type BlobRef = { $type: "blob"; ref: CidLink; mimeType: string; size: number };
/** A CID link in its JSON form. */
export type CidLink = { $link: string };
/** Bytes in their JSON form: base64, no padding. */
export type Bytes = { $bytes: string };

/** A union member tagged with its `$type`, as unions carry them. */
export type $Typed<T, N extends string> = T & { $type: N };
/** A member of an open union that this SDK does not know yet: kept as it came, with its `$type`. */
export type $Unknown = { $type: string };
