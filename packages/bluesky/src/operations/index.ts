import { comAtprotoRepoApplyWrites } from "../models/operations/comatprotorepoapplywrites.js";
import { comAtprotoRepoCreateRecord } from "../models/operations/comatprotorepocreaterecord.js";
import { comAtprotoRepoDeleteRecord } from "../models/operations/comatprotorepodeleterecord.js";
import { comAtprotoRepoDescribeRepo } from "../models/operations/comatprotorepodescriberepo.js";
import { comAtprotoRepoGetRecord } from "../models/operations/comatprotorepogetrecord.js";
import { comAtprotoRepoListRecords } from "../models/operations/comatprotorepolistrecords.js";
import { comAtprotoRepoPutRecord } from "../models/operations/comatprotorepoputrecord.js";
import { comAtprotoRepoUploadBlob } from "../models/operations/comatprotorepouploadblob.js";
import { comAtprotoServerCreateAccount } from "../models/operations/comatprotoservercreateaccount.js";
import { comAtprotoServerCreateSession } from "../models/operations/comatprotoservercreatesession.js";
import { comAtprotoServerGetSession } from "../models/operations/comatprotoservergetsession.js";
import { comAtprotoServerRefreshSession } from "../models/operations/comatprotoserverrefreshsession.js";

/**
 * The operation table, by NSID. Each entry lives in its own module so a bundle that imports one standalone
 * function carries one declaration; this map is for code that wants them all (a server, docs, tests).
 */
export const operations = {
  "com.atproto.repo.putRecord": comAtprotoRepoPutRecord,
  "com.atproto.repo.createRecord": comAtprotoRepoCreateRecord,
  "com.atproto.repo.getRecord": comAtprotoRepoGetRecord,
  "com.atproto.repo.deleteRecord": comAtprotoRepoDeleteRecord,
  "com.atproto.repo.listRecords": comAtprotoRepoListRecords,
  "com.atproto.repo.applyWrites": comAtprotoRepoApplyWrites,
  "com.atproto.repo.describeRepo": comAtprotoRepoDescribeRepo,
  "com.atproto.repo.uploadBlob": comAtprotoRepoUploadBlob,
  "com.atproto.server.createSession": comAtprotoServerCreateSession,
  "com.atproto.server.refreshSession": comAtprotoServerRefreshSession,
  "com.atproto.server.getSession": comAtprotoServerGetSession,
  "com.atproto.server.createAccount": comAtprotoServerCreateAccount,
} as const;

/** An NSID the SDK has a declaration for. */
export type OperationId = keyof typeof operations;
