import { useQueryClient } from "@tanstack/react-query";
import { repoGetRecord } from "bluesky/funcs/repoGetRecord.js";
import { useBlueskyContext } from "bluesky/react-query";
import { queryKeyRepoGetRecord } from "bluesky/react-query/repoGetRecord.js";
import { useRepoPutRecordMutation } from "bluesky/react-query/repoPutRecord.js";
import { type FormEvent, type ReactNode, useEffect, useState } from "react";
import { attemptLoadDraft, storeDraft, type Version } from "../lib/drafts.js";
import { describeError, errorName } from "../lib/errors.js";
import { formatRecord, parseRecord, RecordJsonError } from "../lib/record-json.js";
import { invalidateRepo } from "../lib/repo-cache.js";
import { ConflictPanel } from "./conflict-panel.js";
import { RecordField } from "./record-field.js";

type RecordRequest = { repo: string; collection: string; rkey: string };

/**
 * Edits one record and saves it with putRecord, `swapRecord` set to the CID the edits started from, so a
 * change made elsewhere meanwhile is refused (InvalidSwap) and shown, never overwritten unseen.
 */
export function RecordEditor(props: { request: RecordRequest; current: Version }): ReactNode {
  const { request, current } = props;
  const client = useBlueskyContext();
  const queryClient = useQueryClient();
  const put = useRepoPutRecordMutation();
  const uri = `at://${request.repo}/${request.collection}/${request.rkey}`;
  // Edits left unsaved earlier (another record opened, or a reload) come back with their base CID.
  const [initial] = useState(
    () => attemptLoadDraft(uri) ?? { text: formatRecord(current.value), base: current },
  );
  const [base, setBase] = useState(initial.base);
  const [draft, setDraft] = useState(initial.text);
  const [error, setError] = useState<string | null>(null);
  // undefined: no conflict; null: the record was deleted meanwhile.
  const [conflict, setConflict] = useState<Version | null | undefined>(undefined);
  const [saved, setSaved] = useState<string | null>(null);
  const dirty = draft !== formatRecord(base.value);

  useEffect(() => storeDraft(uri, dirty ? { text: draft, base } : null), [uri, draft, base, dirty]);

  // While the user has not typed, follow the server: there are no edits to lose.
  useEffect(() => {
    if (current.cid !== base.cid && !dirty) {
      setBase(current);
      setDraft(formatRecord(current.value));
    }
  }, [current, base.cid, dirty]);

  // The base moves to a version the cache may not hold yet; caching it keeps the effect above from
  // "following" the server back to the older cached version.
  const adopt = (version: Version): void => {
    queryClient.setQueryData(queryKeyRepoGetRecord(request), { uri, ...version });
    setBase(version);
    setDraft(formatRecord(version.value));
  };

  const fetchTheirs = async (): Promise<Version | null> => {
    const res = await repoGetRecord(client, request);
    if (res.ok) return { cid: res.value.cid ?? "", value: res.value.value };
    if (errorName(res.error) === "RecordNotFound") return null;
    throw res.error;
  };

  const save = (swapRecord: string | null): void => {
    let record: Record<string, unknown>;
    try {
      record = parseRecord(draft);
    } catch (err) {
      if (!(err instanceof RecordJsonError)) throw err;
      setError(err.message);
      return;
    }
    setError(null);
    setSaved(null);
    put.mutate(
      { request: { ...request, record, swapRecord, validate: true } },
      {
        onSuccess: (res) => {
          adopt({ cid: res.cid, value: record });
          setConflict(undefined);
          setSaved(res.cid);
          void invalidateRepo(queryClient, request.repo);
        },
        onError: (err) => {
          if (errorName(err) !== "InvalidSwap") setError(describeError(err));
          else fetchTheirs().then(setConflict, (e: unknown) => setError(describeError(e)));
        },
      },
    );
  };

  const reload = (): void => {
    if (conflict) adopt(conflict);
    setConflict(undefined);
  };

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    save(base.cid);
  };

  return (
    <form onSubmit={submit} className="editor">
      {current.cid !== base.cid && dirty && conflict === undefined && (
        <p className="notice" role="status">
          This record changed on the server after you started editing. Saving will show both versions.
        </p>
      )}
      <RecordField id="record-json" label="Record JSON" value={draft} error={error} onChange={setDraft} />
      {conflict !== undefined && (
        <ConflictPanel
          baseCid={base.cid}
          mine={draft}
          theirs={conflict}
          pending={put.isPending}
          onOverwrite={() => save(conflict?.cid ?? null)}
          onReload={reload}
        />
      )}
      <div className="actions">
        <button type="submit" disabled={put.isPending || conflict !== undefined}>
          {put.isPending ? "Saving…" : "Save"}
        </button>
        {saved && (
          <span role="status" className="muted">
            Saved; new CID <code>{saved}</code>
          </span>
        )}
      </div>
    </form>
  );
}
