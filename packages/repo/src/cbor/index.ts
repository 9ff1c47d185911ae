export { decode } from "./decode.js";
export { compareKeys, encode, MAX_DEPTH } from "./encode.js";
