import { Worker } from "node:worker_threads";
import { recordDef } from "../lexicon/lexicons.js";
import { prepareRecordWrite, type RecordWriteInput, withRequest } from "./prepare.js";
import { fromWire, type JobMessage, type RecordJobResult, type ResultMessage } from "./prepare-wire.js";
import type { PreparedRecordWrite } from "./types.js";

/**
 * The worker, from its JavaScript build; or, when this module runs from source (tests, benchmarks),
 * from its TypeScript source through tsx, registered inside the thread (a worker's `--import` loader
 * hooks do not reach its entry module on Node 20) with the source export condition.
 */
function startWorker(): Worker {
  if (!import.meta.url.endsWith(".ts")) return new Worker(new URL("./prepare-worker.js", import.meta.url));
  const source = JSON.stringify(new URL("./prepare-worker.ts", import.meta.url).href);
  const boot = `import("tsx/esm/api").then((tsx) => { tsx.register(); return import(${source}); })`;
  return new Worker(boot, { eval: true, execArgv: ["--conditions=bsky-source"] });
}

/** A worker thread stopped (closed, crashed or out of memory) before it answered. */
class WorkerGoneError extends Error {}

/** A record whose preparation runs lexicon validation: the part worth a worker thread. */
function willValidate(input: RecordWriteInput): boolean {
  return input.validate !== false && recordDef(input.collection) !== null;
}

/** One worker thread and the requests it has not answered yet. */
class PrepareWorker {
  readonly #worker: Worker;
  readonly #waiting = new Map<
    number,
    { resolve: (r: RecordJobResult[]) => void; reject: (e: unknown) => void }
  >();
  #nextId = 0;
  ready = false;
  dead = false;

  constructor() {
    this.#worker = startWorker();
    this.#worker.unref();
    this.#worker.on("message", (msg: ResultMessage | "ready") => {
      if (msg === "ready") this.ready = true;
      else this.#settle(msg.id, (w) => w.resolve(msg.results));
    });
    this.#worker.on("error", (err) => this.#fail(new WorkerGoneError(err.message)));
    this.#worker.on("exit", (code) => this.#fail(new WorkerGoneError(`prepare worker exited; code=${code}`)));
  }

  /** Prepares the records on this thread; rejects if the thread dies first. */
  run(message: Omit<JobMessage, "id">): Promise<RecordJobResult[]> {
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#waiting.set(id, { resolve, reject });
      this.#worker.postMessage({ id, ...message } satisfies JobMessage);
    });
  }

  async close(): Promise<void> {
    this.dead = true;
    await this.#worker.terminate();
  }

  #settle(id: number, fn: (w: { resolve: (r: RecordJobResult[]) => void }) => void): void {
    const waiter = this.#waiting.get(id);
    this.#waiting.delete(id);
    if (waiter) fn(waiter);
  }

  #fail(err: unknown): void {
    this.dead = true;
    for (const waiter of this.#waiting.values()) waiter.reject(err);
    this.#waiting.clear();
  }
}

/**
 * Worker threads that prepare records off the thread that owns the repo transaction. A request's
 * records go to one when at least one will be validated and the main thread has other writes in
 * flight; otherwise, and while the threads start (they load the lexicons first), records are prepared
 * where the request is. The message to a thread and back costs the main thread about as much as a
 * short post's preparation, so only large records gain (bench/prepare-offload.ts); the pool is off
 * unless configured (config.ts).
 */
export class PreparePool {
  #workers: PrepareWorker[] = [];
  #turn = 0;
  #closed = false;
  /** Records prepared on worker threads (tests check that the worker path ran). */
  offloaded = 0;

  constructor(
    /** Worker threads to use; 0 prepares every record on the main thread. */
    readonly threads: number,
    /** Whether the main thread has other work waiting (writes in flight). */
    readonly busy: () => boolean,
  ) {}

  /** Prepares a request's record writes, in order; throws the first InvalidRecordError. */
  records(inputs: RecordWriteInput[]): PreparedRecordWrite[] | Promise<PreparedRecordWrite[]> {
    const worker = this.#pick(inputs);
    if (worker === null) return inputs.map(prepareRecordWrite);
    const jobs = inputs.map(({ collection, rkey, json, validate }) => ({ collection, rkey, json, validate }));
    return worker.run({ jobs }).then(
      (results) => {
        this.offloaded += inputs.length;
        return results.map((result, i) => withRequest(inputs[i]!, fromWire(result)));
      },
      // Preparing is pure, so a request whose thread died is prepared again here, not failed.
      (err: unknown) => {
        if (err instanceof WorkerGoneError) return inputs.map(prepareRecordWrite);
        throw err;
      },
    );
  }

  /** Whether the threads have loaded and answer. */
  get ready(): boolean {
    return this.#workers.length > 0 && this.#workers.every((w) => w.ready && !w.dead);
  }

  /** Starts the threads now instead of on the first request that could use them. */
  start(): void {
    this.#workers = this.#workers.filter((w) => !w.dead);
    while (this.#workers.length < this.threads) this.#workers.push(new PrepareWorker());
  }

  /** Stops the threads for good; the records they hold, and any after, are prepared on this thread. */
  async close(): Promise<void> {
    this.#closed = true;
    const workers = this.#workers;
    this.#workers = [];
    await Promise.all(workers.map((w) => w.close()));
  }

  #pick(inputs: RecordWriteInput[]): PrepareWorker | null {
    if (this.threads === 0 || this.#closed || !this.busy() || !inputs.some(willValidate)) return null;
    if (this.#workers.length < this.threads || this.#workers.some((w) => w.dead)) this.start();
    const ready = this.#workers.filter((w) => w.ready && !w.dead);
    if (ready.length === 0) return null;
    this.#turn = (this.#turn + 1) % ready.length;
    return ready[this.#turn]!;
  }
}
