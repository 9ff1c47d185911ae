import type { ReactNode } from "react";
import type { Version } from "../lib/drafts.js";
import { formatRecord } from "../lib/record-json.js";

/**
 * Shown when a save was refused with InvalidSwap: both versions side by side, and the two ways out.
 * `theirs` is null when the record was deleted meanwhile. The user's text stays in the editor throughout.
 */
export function ConflictPanel(props: {
  baseCid: string;
  mine: string;
  theirs: Version | null;
  pending: boolean;
  onOverwrite: () => void;
  onReload: () => void;
}): ReactNode {
  return (
    <section className="conflict" role="alert" aria-labelledby="conflict-title">
      <h3 id="conflict-title">Conflict: the record changed since you started editing (InvalidSwap)</h3>
      <p>
        You started from <code>{props.baseCid}</code>; the server now has{" "}
        {props.theirs ? <code>{props.theirs.cid}</code> : "no record (it was deleted)"}. Your edits are kept.
      </p>
      <div className="versions">
        <figure>
          <figcaption>Your version</figcaption>
          <pre>{props.mine}</pre>
        </figure>
        <figure>
          <figcaption>Server version</figcaption>
          <pre>{props.theirs ? formatRecord(props.theirs.value) : "(deleted)"}</pre>
        </figure>
      </div>
      <div className="actions">
        <button type="button" onClick={props.onOverwrite} disabled={props.pending}>
          Overwrite with my version
        </button>
        <button type="button" className="secondary" onClick={props.onReload} disabled={props.pending}>
          Reload server version (discard my edits)
        </button>
      </div>
    </section>
  );
}
