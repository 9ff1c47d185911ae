export * from "./commitmeta.js";
export * from "./json.js";
export * from "./records.js";
export * from "./session.js";
