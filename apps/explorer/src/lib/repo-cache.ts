import type { QueryClient } from "@tanstack/react-query";
import { invalidateRepoDescribeRepo } from "bluesky/react-query/repoDescribeRepo.js";
import { invalidateRepoGetRecord } from "bluesky/react-query/repoGetRecord.js";
import { invalidateRepoListRecords } from "bluesky/react-query/repoListRecords.js";
import { invalidateLatestCommit } from "./latest-commit.js";

/**
 * Marks stale everything a commit to `did` can change: its collections, lists, records and head. Called
 * after the page's own writes and for every commit the firehose reports, whoever made it.
 */
export async function invalidateRepo(queryClient: QueryClient, did: string): Promise<void> {
  await Promise.all([
    invalidateRepoDescribeRepo(queryClient, { repo: did }),
    invalidateRepoListRecords(queryClient, { repo: did }),
    invalidateRepoGetRecord(queryClient, { repo: did }),
    invalidateLatestCommit(queryClient, did),
  ]);
}
