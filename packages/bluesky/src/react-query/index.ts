// `bluesky/react-query`: the provider, the hook factories (to bind your own functions, such as the
// verified ones in `bluesky/integrity.js`) and every operation's hooks.
export { BlueskyProvider, BlueskyProviderMissingError, useBlueskyContext } from "./_context.js";
export * from "./_infinite.js";
export * from "./_mutation.js";
export * from "./_query.js";
export * from "./_types.js";
export * from "./repoApplyWrites.js";
export * from "./repoCreateRecord.js";
export * from "./repoDeleteRecord.js";
export * from "./repoDescribeRepo.js";
export * from "./repoGetRecord.js";
export * from "./repoListRecords.js";
export * from "./repoPutRecord.js";
export * from "./repoUploadBlob.js";
export * from "./serverCreateAccount.js";
export * from "./serverCreateSession.js";
export * from "./serverGetSession.js";
export * from "./serverRefreshSession.js";
