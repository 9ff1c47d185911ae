import { useRepoGetRecord } from "bluesky/react-query/repoGetRecord.js";
import { type ReactNode, useEffect, useRef } from "react";
import { describeError } from "../lib/errors.js";
import { useLatestCommit } from "../lib/latest-commit.js";
import { DeleteRecord } from "./delete-record.js";
import { RecordEditor } from "./record-editor.js";

/** One record: its URI, CID and the repo's current rev, the editor, and delete. */
export function RecordPanel(props: {
  did: string;
  collection: string;
  rkey: string;
  onDeleted: () => void;
}): ReactNode {
  const request = { repo: props.did, collection: props.collection, rkey: props.rkey };
  const record = useRepoGetRecord(request);
  const head = useLatestCommit(props.did);
  const heading = useRef<HTMLHeadingElement>(null);
  // Keyed by record, so this runs per record opened: focus moves here, so keyboard and screen-reader users land on what they opened.
  useEffect(() => heading.current?.focus(), []);

  const title = (
    <h2 ref={heading} tabIndex={-1}>
      {props.collection}/{props.rkey}
    </h2>
  );
  // Rendered from data even when a refetch failed: unmounting the editor would drop the user's edits.
  if (!record.data) {
    return (
      <>
        {title}
        {record.isError ? (
          <p className="field-error">{describeError(record.error)}</p>
        ) : (
          <p role="status">Loading record…</p>
        )}
      </>
    );
  }
  const cid = record.data.cid ?? "";
  return (
    <>
      {title}
      <dl className="meta">
        <dt>URI</dt>
        <dd>
          <code data-testid="record-uri">{record.data.uri}</code>
        </dd>
        <dt>CID</dt>
        <dd>
          <code data-testid="record-cid">{cid}</code>
        </dd>
        <dt>Repo rev</dt>
        <dd>
          <code data-testid="repo-rev">{head.data?.rev ?? (head.isError ? "unavailable" : "…")}</code>
        </dd>
      </dl>
      {record.isError && <p className="notice">Could not refresh: {describeError(record.error)}</p>}
      <RecordEditor key={record.data.uri} request={request} current={{ cid, value: record.data.value }} />
      <DeleteRecord request={request} cid={cid} onDeleted={props.onDeleted} />
    </>
  );
}
