export type { EntrywayConfig, EntrywayInput } from "./config.js";
export type { EntrywayContext } from "./context.js";
export { type RunningEntryway, startEntryway } from "./entryway.js";
