import { OK, type Result, unwrap } from "./fp.js";

/** Fetches the page after `cursor`. */
export type NextPage<P, E> = (cursor: string) => Promise<Result<P, E>>;

/**
 * One page of a cursor-paginated listing. Its data fields are the response body's; `next()` fetches the
 * following page as a Result, and iterating with `for await` walks this page and every later one
 * (throwing the typed error if a fetch fails).
 */
export class Page<Item, E> implements AsyncIterable<Page<Item, E>> {
  readonly cursor?: string;
  readonly records: Item[];
  readonly #fetchNext: NextPage<Page<Item, E>, E>;

  constructor(body: { cursor?: string; records: Item[] }, fetchNext: NextPage<Page<Item, E>, E>) {
    if (body.cursor !== undefined) this.cursor = body.cursor;
    this.records = body.records;
    this.#fetchNext = fetchNext;
  }

  /** The following page, `null` after the last. */
  async next(): Promise<Result<Page<Item, E> | null, E>> {
    return this.cursor === undefined ? OK(null) : this.#fetchNext(this.cursor);
  }

  /** This page, then each following one. */
  async *[Symbol.asyncIterator](): AsyncIterator<Page<Item, E>> {
    let page: Page<Item, E> | null = this;
    while (page) {
      yield page;
      const previous: string | undefined = page.cursor;
      page = unwrap(await page.next());
      // A server that repeats its cursor would loop forever: stop after the page that repeated it.
      if (page && page.cursor === previous) {
        yield page;
        return;
      }
    }
  }

  /** Every record from this page on, across pages. */
  async *eachRecord(): AsyncGenerator<Item> {
    for await (const page of this) yield* page.records;
  }
}
