export { type CarFile, type CarReadOptions, iterateCar, readCar } from "./decode.js";
export { encodeCar, encodeCarChunks, encodeCarEntry, encodeCarHeader, writeCarStream } from "./encode.js";
export { CarDecodeError } from "./errors.js";
export { exportRepoBlocks, exportRepoCar, recordProofBlocks, recordProofCar } from "./export.js";
export { type CarStream, MAX_SECTION_BYTES, readCarStream } from "./stream.js";
export {
  type VerifiedRecordProof,
  type VerifiedRepo,
  type VerifyRepoOptions,
  verifyRecordProof,
  verifyRepo,
  verifyRepoCar,
} from "./verify.js";
export { type CommitEvent, verifyCommitEvent } from "./verify-event.js";
