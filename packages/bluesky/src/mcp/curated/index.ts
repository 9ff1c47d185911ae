// The curated tools: what agents do on Bluesky most, each one step where the raw operations take
// several (resolve a handle, read the parent post, upload the image, compute the facets).
import type { Tool } from "../tool.js";
import { followAccountTool, likePostTool } from "./graph.js";
import { uploadImageTool } from "./images.js";
import { createPostTool, replyToPostTool } from "./posts.js";
import { getRecordTool, listRecordsTool } from "./records.js";

/** Every curated tool, in the order they are listed. */
export const curatedTools: readonly Tool[] = [
  createPostTool,
  replyToPostTool,
  likePostTool,
  followAccountTool,
  uploadImageTool,
  getRecordTool,
  listRecordsTool,
];
