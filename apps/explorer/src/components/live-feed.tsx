import type { ReactNode } from "react";
import type { CommitEvent } from "../lib/firehose.js";
import type { FeedStatus } from "../lib/use-firehose.js";

const STATUS_TEXT: Record<FeedStatus, string> = {
  connecting: "Connecting to the firehose…",
  live: "Live",
  reconnecting: "Connection lost; reconnecting…",
};

/** The account's newest commits from the firehose, whoever made them (this page, the CLI, another app). */
export function LiveFeed(props: { status: FeedStatus; commits: CommitEvent[] }): ReactNode {
  return (
    <>
      <h2>Live commits</h2>
      <p className="muted" role="status">
        {STATUS_TEXT[props.status]}
      </p>
      {props.commits.length === 0 && <p className="muted">No commits since this page opened.</p>}
      <ol className="plain-list feed" aria-label="Commits, newest first">
        {props.commits.map((commit) => (
          <li key={commit.seq} className="commit">
            <div className="muted">
              <time dateTime={commit.time}>{new Date(commit.time).toLocaleTimeString()}</time> · rev{" "}
              <code>{commit.rev}</code>
            </div>
            <ul className="plain-list">
              {commit.ops.map((op) => (
                <li key={`${op.action}:${op.path}`}>
                  <span className={`op op-${op.action}`}>{op.action}</span> <code>{op.path}</code>
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ol>
    </>
  );
}
