import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { BlueskyCore } from "bluesky/core.js";
import { BlueskyProvider } from "bluesky/react-query";
import {
  // Mutation hook for triggering the API call.
  useRepoPutRecordMutation,
} from "bluesky/react-query/repoPutRecord.js";

const bluesky = new BlueskyCore({
  bearer: process.env["BLUESKY_BEARER"] ?? "",
});
const queryClient = new QueryClient();

/** The app: one QueryClient and one bluesky client for every hook below. */
export function App() {
  return (
    <QueryClientProvider client={queryClient}>
      <BlueskyProvider client={bluesky}>
        <PostButton />
      </BlueskyProvider>
    </QueryClientProvider>
  );
}

/** A button that writes a post with putRecord and says how it went. */
function PostButton() {
  const putRecord = useRepoPutRecordMutation();
  const post = () =>
    putRecord.mutate({
      request: {
        repo: "dev.test",
        collection: "app.bsky.feed.post",
        rkey: "3l6z3vxq4ek2b",
        record: {
          $type: "app.bsky.feed.post",
          text: "Written by examples/putRecord-react.tsx",
          createdAt: "2026-11-27T12:00:00.000Z",
        },
      },
    });
  return (
    <div>
      <button type="button" onClick={post} disabled={putRecord.isPending}>
        Post
      </button>
      {putRecord.isSuccess && <p>Saved {putRecord.data.uri}</p>}
      {putRecord.isError && (
        <p>
          {putRecord.error.name}: {putRecord.error.message}
        </p>
      )}
    </div>
  );
}
