import { useEffect, useRef, useState } from "react";
import { type CommitEvent, decodeFrame, type Frame, FrameDecodeError, firehoseUrl } from "./firehose.js";

/** Whether the feed's socket is open. */
export type FeedStatus = "connecting" | "live" | "reconnecting";

/** How many commits the feed keeps on screen. */
export const FEED_LENGTH = 50;
const MAX_RETRY_MS = 10_000;

/**
 * Subscribes to the firehose and keeps the newest commits of `did`; `onCommit` runs for each. After a
 * dropped connection it reconnects with the last seq as cursor, so no commit is missed.
 */
export function useFirehose(
  did: string,
  onCommit: (commit: CommitEvent) => void,
): { status: FeedStatus; commits: CommitEvent[] } {
  const [status, setStatus] = useState<FeedStatus>("connecting");
  const [commits, setCommits] = useState<CommitEvent[]>([]);
  // A ref, so a new callback each render does not reopen the socket.
  const onCommitRef = useRef(onCommit);
  onCommitRef.current = onCommit;

  useEffect(() => {
    let socket: WebSocket | undefined;
    let retryMs = 500;
    let lastSeq: number | undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    const connect = (): void => {
      socket = new WebSocket(firehoseUrl(window.location, lastSeq));
      socket.binaryType = "arraybuffer";
      socket.onopen = () => {
        retryMs = 500;
        setStatus("live");
      };
      socket.onmessage = (event) => {
        let frame: Frame;
        try {
          frame = decodeFrame(new Uint8Array(event.data as ArrayBuffer));
        } catch (err) {
          // One unreadable frame must not stop the feed; the next commit still shows.
          if (err instanceof FrameDecodeError) return;
          throw err;
        }
        if (frame.kind !== "commit") return;
        lastSeq = frame.commit.seq;
        if (frame.commit.repo !== did) return;
        setCommits((list) => [frame.commit, ...list].slice(0, FEED_LENGTH));
        onCommitRef.current(frame.commit);
      };
      socket.onclose = () => {
        if (stopped) return;
        setStatus("reconnecting");
        timer = setTimeout(connect, retryMs);
        retryMs = Math.min(retryMs * 2, MAX_RETRY_MS);
      };
    };
    connect();
    return () => {
      stopped = true;
      clearTimeout(timer);
      socket?.close();
    };
  }, [did]);

  return { status, commits };
}
