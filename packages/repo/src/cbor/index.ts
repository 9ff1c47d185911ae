export { decode } from "./decode.js";
export { encode, MAX_DEPTH } from "./encode.js";
