import { getPreferences } from "./actor/getPreferences.js";
import { getProfile } from "./actor/getProfile.js";
import { getProfiles } from "./actor/getProfiles.js";
import { putPreferences } from "./actor/putPreferences.js";
import { getActorLikes } from "./feed/getActorLikes.js";
import { getAuthorFeed } from "./feed/getAuthorFeed.js";
import { getPostThread } from "./feed/getPostThread.js";
import { getTimeline } from "./feed/getTimeline.js";

/**
 * The app.bsky methods the PDS serves itself: preferences are kept here, and with an AppView configured
 * these reads merge the caller's newest records into its answer (as the reference, which registers them
 * only then). Every other app.bsky method is forwarded.
 */
export function appBskyRoutes(appViewConfigured: boolean) {
  const readAfterWrite = [getProfile, getProfiles, getAuthorFeed, getTimeline, getPostThread, getActorLikes];
  return [getPreferences, putPreferences, ...(appViewConfigured ? readAfterWrite : [])];
}
