import { useQueryClient } from "@tanstack/react-query";
import { useRepoCreateRecordMutation } from "bluesky/react-query/repoCreateRecord.js";
import { type FormEvent, type ReactNode, useState } from "react";
import { describeError } from "../lib/errors.js";
import { KNOWN_COLLECTIONS, recordTemplate } from "../lib/known-collections.js";
import { formatRecord, parseRecord, RecordJsonError, rkeyOf } from "../lib/record-json.js";
import { invalidateRepo } from "../lib/repo-cache.js";
import { RecordField } from "./record-field.js";

/** Creates a record: collection from the known NSIDs and the account's own, rkey optional (a TID). */
export function CreateRecord(props: {
  did: string;
  collections: string[];
  onCreated: (collection: string, rkey: string) => void;
}): ReactNode {
  const options = [...new Set([...KNOWN_COLLECTIONS, ...props.collections])];
  const [collection, setCollection] = useState(options[0]);
  const [rkey, setRkey] = useState("");
  const [draft, setDraft] = useState(() => formatRecord(recordTemplate(options[0], props.did)));
  const [edited, setEdited] = useState(false);
  const [error, setError] = useState<{ field: "rkey" | "record"; message: string } | null>(null);
  const create = useRepoCreateRecordMutation();
  const queryClient = useQueryClient();

  const pick = (next: string): void => {
    setCollection(next);
    // Swap the template only while it is untouched: typed text is never replaced.
    if (!edited) setDraft(formatRecord(recordTemplate(next, props.did)));
  };

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    let record: Record<string, unknown>;
    try {
      record = parseRecord(draft);
    } catch (err) {
      if (!(err instanceof RecordJsonError)) throw err;
      setError({ field: "record", message: err.message });
      return;
    }
    setError(null);
    const request = { repo: props.did, collection, record, validate: true, rkey: rkey.trim() || undefined };
    create.mutate(
      { request },
      {
        onSuccess: (res) => {
          void invalidateRepo(queryClient, props.did);
          props.onCreated(collection, rkeyOf(res.uri));
        },
        onError: (err) => {
          const message = describeError(err);
          setError({ field: /rkey|record key|already exists/i.test(message) ? "rkey" : "record", message });
        },
      },
    );
  };

  return (
    <form onSubmit={submit} className="editor" aria-labelledby="create-title">
      <h2 id="create-title">New record</h2>
      <div className="field">
        <label htmlFor="new-collection">Collection</label>
        <select id="new-collection" value={collection} onChange={(e) => pick(e.target.value)}>
          {options.map((nsid) => (
            <option key={nsid} value={nsid}>
              {nsid}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="new-rkey">Record key (optional; a TID when empty)</label>
        <input
          id="new-rkey"
          value={rkey}
          onChange={(e) => setRkey(e.target.value)}
          aria-invalid={error?.field === "rkey" ? "true" : undefined}
          aria-describedby={error?.field === "rkey" ? "new-rkey-error" : undefined}
        />
        {error?.field === "rkey" && (
          <p id="new-rkey-error" className="field-error">
            {error.message}
          </p>
        )}
      </div>
      <RecordField
        id="new-record"
        label="Record JSON"
        value={draft}
        error={error?.field === "record" ? error.message : null}
        onChange={(text) => {
          setEdited(true);
          setDraft(text);
        }}
      />
      <div className="actions">
        <button type="submit" disabled={create.isPending}>
          {create.isPending ? "Creating…" : "Create record"}
        </button>
      </div>
    </form>
  );
}
