export type { ConfigInput, ServerConfig } from "./config.js";
export type { AppContext } from "./context.js";
export { type RunningPds, startPds } from "./pds.js";
