import { useQueryClient } from "@tanstack/react-query";
import { useRepoDescribeRepo } from "bluesky/react-query/repoDescribeRepo.js";
import { type ReactNode, useState } from "react";
import { invalidateRepo } from "../lib/repo-cache.js";
import type { Account } from "../lib/session.js";
import { useFirehose } from "../lib/use-firehose.js";
import { CollectionList } from "./collection-list.js";
import { CreateRecord } from "./create-record.js";
import { LiveFeed } from "./live-feed.js";
import { RecordList } from "./record-list.js";
import { RecordPanel } from "./record-panel.js";

type Selection = { collection?: string; rkey?: string; creating?: boolean };

/** The logged-in page: collections, records, the open record (or the create form) and the live feed. */
export function Explorer(props: { account: Account; onLogout: () => void }): ReactNode {
  const { did, handle } = props.account;
  const [selection, setSelection] = useState<Selection>({});
  const queryClient = useQueryClient();
  const repo = useRepoDescribeRepo({ repo: did });
  // Every commit to this repo, made here or anywhere else, refreshes what the page shows.
  const feed = useFirehose(did, () => void invalidateRepo(queryClient, did));

  return (
    <>
      <header className="top">
        <h1>Repository explorer</h1>
        <p className="account">
          <span>{handle}</span> <code>{did}</code>
        </p>
        <button type="button" className="secondary" onClick={props.onLogout}>
          Log out
        </button>
      </header>
      <main className="layout">
        <nav aria-labelledby="collections-title" className="pane">
          <h2 id="collections-title">Collections</h2>
          <CollectionList
            did={did}
            selected={selection.collection}
            onSelect={(collection) => setSelection({ collection })}
          />
          <button type="button" onClick={() => setSelection({ ...selection, creating: true })}>
            New record…
          </button>
        </nav>
        <section aria-labelledby="records-title" className="pane">
          <h2 id="records-title">Records{selection.collection ? ` in ${selection.collection}` : ""}</h2>
          {selection.collection ? (
            <RecordList
              key={selection.collection}
              did={did}
              collection={selection.collection}
              selected={selection.rkey}
              onSelect={(rkey) => setSelection({ collection: selection.collection, rkey })}
            />
          ) : (
            <p className="muted">Choose a collection.</p>
          )}
        </section>
        <section aria-label="Record" className="pane wide">
          {selection.creating ? (
            <CreateRecord
              did={did}
              collections={repo.data?.collections ?? []}
              onCreated={(collection, rkey) => setSelection({ collection, rkey })}
            />
          ) : selection.collection && selection.rkey ? (
            <RecordPanel
              key={`${selection.collection}/${selection.rkey}`}
              did={did}
              collection={selection.collection}
              rkey={selection.rkey}
              onDeleted={() => setSelection({ collection: selection.collection })}
            />
          ) : (
            <p className="muted">Choose a record, or make a new one.</p>
          )}
        </section>
        <aside aria-label="Live commits" className="pane">
          <LiveFeed status={feed.status} commits={feed.commits} />
        </aside>
      </main>
    </>
  );
}
