import type { Signer } from "@putrecord/repo";
import type { Blobs } from "../blob/blobs.js";
import type { Db } from "../db/database.js";
import type { Sequencer } from "../sequencer/sequencer.js";
import type { RepoStore } from "../store/repo-store.js";
import { type BatchResult, commitBatch } from "./batch.js";
import { GroupTransaction, type Settled } from "./group.js";
import { ImportStaging } from "./import-staging.js";
import { type NotifyTargets, notify } from "./notify.js";
import type { CommitTables, Stored } from "./store.js";
import type { WriteRequest, WritesOutcome } from "./types.js";
import { WalSync } from "./wal-sync.js";

/** What the write queue works with. */
export interface WriteQueueDeps {
  db: Db;
  store: RepoStore;
  blobs: Blobs;
  sequencer: Sequencer;
  /** The repo's signing key (the AccountManager caches it). */
  signingKey: (did: string) => Signer;
  onBackgroundError: (err: unknown) => void;
}

/** A caller waiting for a value once its group is durable. */
interface Waiter<T> {
  resolve: (value: T) => void;
  reject: (err: unknown) => void;
}

/** A job of the gathering group: one repo's batch of requests, or a function run as it is. */
type Job =
  | { kind: "batch"; did: string; requests: WriteRequest[]; waiters: Waiter<WritesOutcome>[] }
  | ({ kind: "run"; run: () => unknown } & Waiter<unknown>);

/**
 * Where writes wait for the next group transaction, and the driver of each group, one way through the
 * pipeline: group.ts runs the group's jobs in one transaction (a repo's requests as one batch,
 * batch.ts → stage.ts → commit.ts → store.ts), wal-sync.ts makes it durable, notify.ts does what
 * must wait for that, and then the callers are answered. A group gathers while the previous one syncs
 * and runs on the event loop's next turn after that sync returns, so under load groups grow instead of
 * syncing once per tick.
 */
export class WriteQueue {
  #jobs: Job[] = [];
  /** Each repo's batch in the gathering group, by DID. */
  readonly #batches = new Map<string, Extract<Job, { kind: "batch" }>>();
  #scheduled = false;
  #inFlight = 0;
  /** A committed group is waiting for its WAL sync; the next group waits for it too (and grows). */
  #syncing = false;
  readonly #wal: WalSync | null;
  readonly #group: GroupTransaction;
  readonly #targets: NotifyTargets;
  /** Where commits are stored: for createRepo, inside a `transact` job. */
  readonly tables: CommitTables;
  /**
   * Totals since start, for benchmarks (bench/http-front.ts): groups run, the requests in them, and the
   * time spent in their transactions and awaiting their WAL syncs.
   */
  readonly totals = { groups: 0, requests: 0, transactionMs: 0, syncMs: 0 };

  constructor(readonly deps: WriteQueueDeps) {
    // An import cut off by a stop left its staging rows; nothing can resume it.
    ImportStaging.clearAll(deps.db);
    this.#wal = deps.db.memory ? null : new WalSync(`${deps.db.name}-wal`);
    this.#group = new GroupTransaction(deps.db, this.#wal !== null, {
      run: () => deps.store.blocks.settleIfDue(),
      onError: deps.onBackgroundError,
    });
    this.#targets = { ...deps, blobFiles: deps.blobs.files };
    this.tables = { store: deps.store, blobs: deps.blobs.index, sequencer: deps.sequencer };
  }

  /**
   * Applies one request's writes to a repo atomically; resolves once they are durable, with the commit
   * unless nothing changed. Throws the write layer's errors. Requests to one repo that arrive before its
   * next group are committed together (batch.ts).
   */
  submit(did: string, request: WriteRequest): Promise<WritesOutcome> {
    this.#inFlight++;
    const done = () => this.#inFlight--;
    return new Promise<WritesOutcome>((resolve, reject) => {
      let batch = this.#batches.get(did);
      if (batch === undefined) {
        batch = { kind: "batch", did, requests: [], waiters: [] };
        this.#batches.set(did, batch);
        this.#jobs.push(batch);
      }
      batch.requests.push(request);
      batch.waiters.push({ resolve, reject });
      this.#schedule();
    }).finally(done);
  }

  /** Requests submitted and not answered yet. */
  get inFlight(): number {
    return this.#inFlight;
  }

  /**
   * Runs `run` as one job of the next group transaction (in its own savepoint: a throw rolls back only
   * it) and resolves with its result once durable. For work that must commit with a new repo.
   */
  transact<T>(run: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#jobs.push({ kind: "run", run, resolve: resolve as (value: unknown) => void, reject });
      this.#schedule();
    });
  }

  /** Releases the WAL handle; call after the last write, before the database closes. */
  async close(): Promise<void> {
    await this.#wal?.close();
  }

  #schedule(): void {
    if (this.#scheduled || this.#syncing) return;
    this.#scheduled = true;
    setImmediate(() => void this.#flush());
  }

  async #flush(): Promise<void> {
    this.#scheduled = false;
    const jobs = this.#jobs;
    this.#jobs = [];
    this.#batches.clear();
    const totals = this.totals;
    totals.groups++;
    for (const job of jobs) if (job.kind === "batch") totals.requests += job.requests.length;
    const started = performance.now();
    let outcomes: Settled<unknown>[];
    try {
      outcomes = this.#group.run(jobs.map((job) => () => this.#run(job)));
    } catch (err) {
      for (const job of jobs) fail(job, err);
      return;
    } finally {
      totals.transactionMs += performance.now() - started;
    }
    const upTo = this.deps.sequencer.lastAppended();
    if (this.#wal !== null) {
      this.#syncing = true;
      const syncStarted = performance.now();
      try {
        await this.#wal.whenDurable();
      } catch (err) {
        for (const job of jobs) fail(job, err);
        this.#next();
        return;
      } finally {
        totals.syncMs += performance.now() - syncStarted;
      }
    }
    const stored = jobs.flatMap((job, i): Stored[] => {
      const out = outcomes[i]!;
      return job.kind === "batch" && out.ok ? (out.value as BatchResult).stored : [];
    });
    notify(this.#targets, stored, upTo);
    jobs.forEach((job, i) => {
      answer(job, outcomes[i]!);
    });
    this.#next();
  }

  /**
   * After a sync: the group that gathered meanwhile runs on the next turn of the event loop, not at
   * once, so requests that arrived while the answers were written join it. Groups grow by about one
   * request, and 16 writers gain ~6% (bench/README.md, "The HTTP edge on a thread of its own").
   */
  #next(): void {
    if (!this.#syncing) return;
    this.#syncing = false;
    if (this.#jobs.length > 0) this.#schedule();
  }

  #run(job: Job): unknown {
    if (job.kind === "run") return job.run();
    const { did, requests } = job;
    const signer = () => this.deps.signingKey(did);
    return commitBatch({ ...this.tables, atomic: this.#group.atomic, did, signer }, requests);
  }
}

function fail(job: Job, err: unknown): void {
  if (job.kind === "run") job.reject(err);
  else for (const w of job.waiters) w.reject(err);
}

function answer(job: Job, out: Settled<unknown>): void {
  if (!out.ok) fail(job, out.err);
  else if (job.kind === "run") job.resolve(out.value);
  else answerBatch(job.waiters, out.value as BatchResult);
}

function answerBatch(waiters: Waiter<WritesOutcome>[], { outcomes }: BatchResult): void {
  waiters.forEach((w, i) => {
    const o = outcomes[i]!;
    if (o.ok) w.resolve(o.value);
    else w.reject(o.err);
  });
}
