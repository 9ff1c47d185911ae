/**
 * Narrows a union member by its `$type`, e.g. `is$typed(post.embed, "app.bsky.embed.images#view")`.
 * Comparing `$type` by hand does not narrow open unions, whose unknown member has `$type: string`.
 */
export function is$typed<V, N extends string>(value: V, type: N): value is Extract<V, { $type: N }> {
  return typeof value === "object" && value !== null && (value as { $type?: unknown }).$type === type;
}
