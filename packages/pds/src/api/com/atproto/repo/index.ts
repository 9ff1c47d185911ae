import { applyWrites } from "./applyWrites.js";
import { createRecord } from "./createRecord.js";
import { deleteRecord } from "./deleteRecord.js";
import { describeRepo } from "./describeRepo.js";
import { getRecord } from "./getRecord.js";
import { importRepo } from "./importRepo.js";
import { listMissingBlobs } from "./listMissingBlobs.js";
import { listRecords } from "./listRecords.js";
import { putRecord } from "./putRecord.js";
import { uploadBlob } from "./uploadBlob.js";

/** Every com.atproto.repo method. */
export const repoRoutes = [
  putRecord,
  createRecord,
  deleteRecord,
  applyWrites,
  getRecord,
  listRecords,
  describeRepo,
  uploadBlob,
  importRepo,
  listMissingBlobs,
];
