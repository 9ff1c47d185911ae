import { useRepoListRecordsInfinite } from "bluesky/react-query/repoListRecords.js";
import { type ReactNode, useEffect, useRef } from "react";
import { describeError } from "../lib/errors.js";
import { rkeyOf } from "../lib/record-json.js";

/** Records per listRecords page: small, so scrolling a busy collection pages often. */
export const PAGE_SIZE = 25;

function preview(value: unknown): string {
  const text =
    (value as { text?: unknown; displayName?: unknown }).text ??
    (value as { displayName?: unknown }).displayName;
  return typeof text === "string" ? text : "";
}

/** One collection's records, newest first, fetching the next page when its end scrolls into view. */
export function RecordList(props: {
  did: string;
  collection: string;
  selected: string | undefined;
  onSelect: (rkey: string) => void;
}): ReactNode {
  const list = useRepoListRecordsInfinite({
    repo: props.did,
    collection: props.collection,
    limit: PAGE_SIZE,
  });
  const more = useRef<HTMLButtonElement>(null);
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = list;

  useEffect(() => {
    const target = more.current;
    if (!target || !hasNextPage) return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting) && !isFetchingNextPage) void fetchNextPage();
    });
    observer.observe(target);
    return () => observer.disconnect();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage]);

  if (list.isPending) return <p role="status">Loading records…</p>;
  if (list.isError) return <p className="field-error">{describeError(list.error)}</p>;
  const records = list.data.pages.flatMap((page) => page.records);
  return (
    <>
      <p className="muted" aria-live="polite">
        {records.length} record{records.length === 1 ? "" : "s"}
        {hasNextPage ? " so far" : ""}
      </p>
      <div className="record-scroll">
        <ul className="plain-list">
          {records.map((record) => {
            const rkey = rkeyOf(record.uri);
            return (
              <li key={record.uri}>
                <button
                  type="button"
                  className="list-item"
                  aria-current={rkey === props.selected ? "true" : undefined}
                  onClick={() => props.onSelect(rkey)}
                >
                  <span className="rkey">{rkey}</span>
                  <span className="preview">{preview(record.value)}</span>
                </button>
              </li>
            );
          })}
        </ul>
        {/* Scrolled into view it loads the next page; a button, so keyboards can ask for it too. */}
        {hasNextPage && (
          <button ref={more} type="button" onClick={() => void fetchNextPage()} disabled={isFetchingNextPage}>
            {isFetchingNextPage ? "Loading more…" : "Load more"}
          </button>
        )}
      </div>
    </>
  );
}
