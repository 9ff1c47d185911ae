export * from "./apierror.js";
export * from "./blueskyerror.js";
export * from "./comatprotorepoputrecord.js";
export * from "./httpclienterrors.js";
export * from "./sdkvalidationerror.js";
export * from "./shared.js";
