import { useQueryClient } from "@tanstack/react-query";
import { useRepoDeleteRecordMutation } from "bluesky/react-query/repoDeleteRecord.js";
import { type ReactNode, useEffect, useRef, useState } from "react";
import { describeError } from "../lib/errors.js";
import { invalidateRepo } from "../lib/repo-cache.js";

/**
 * Deletes a record after an inline confirmation (keyboard focus lands on Cancel). `swapRecord` is the CID
 * on screen, so a version the user has not seen is never deleted.
 */
export function DeleteRecord(props: {
  request: { repo: string; collection: string; rkey: string };
  cid: string;
  onDeleted: () => void;
}): ReactNode {
  const [confirming, setConfirming] = useState(false);
  const del = useRepoDeleteRecordMutation();
  const queryClient = useQueryClient();
  const cancel = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (confirming) cancel.current?.focus();
  }, [confirming]);

  const confirm = (): void =>
    del.mutate(
      { request: { ...props.request, swapRecord: props.cid } },
      {
        onSuccess: () => {
          void invalidateRepo(queryClient, props.request.repo);
          props.onDeleted();
        },
      },
    );

  if (!confirming) {
    return (
      <button type="button" className="danger" onClick={() => setConfirming(true)}>
        Delete record…
      </button>
    );
  }
  return (
    <fieldset className="confirm" aria-labelledby="delete-question">
      <p id="delete-question">
        Delete <code>{`${props.request.collection}/${props.request.rkey}`}</code>? This cannot be undone.
      </p>
      {del.error && <p className="field-error">{describeError(del.error)}</p>}
      <div className="actions">
        <button type="button" className="danger" onClick={confirm} disabled={del.isPending}>
          {del.isPending ? "Deleting…" : "Yes, delete"}
        </button>
        <button ref={cancel} type="button" className="secondary" onClick={() => setConfirming(false)}>
          Cancel
        </button>
      </div>
    </fieldset>
  );
}
