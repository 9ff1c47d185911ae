import { ClientSDK } from "./lib/sdks.js";

/**
 * The minimal client for standalone functions: import it with only the functions you call, and the
 * bundle holds only those operations. One instance can serve a whole application.
 */
export class BlueskyCore extends ClientSDK {}
