import { OK, type Result, unwrap } from "./fp.js";

/** Fetches the page after `cursor`. */
export type NextPage<P, E> = (cursor: string) => Promise<Result<P | null, E>>;

/** A page: the response body's own fields, plus `next()`, page iteration and item iteration. */
export type Paged<Body, Item, E> = Page<Body, Item, E> & Body;

/**
 * One page of a cursor-paginated listing. Its data fields are the response body's, unknown fields
 * included; `next()` fetches the following page as a Result, and iterating with `for await` walks this
 * page and every later one (throwing the typed error if a fetch fails).
 */
export class Page<Body, Item, E> implements AsyncIterable<Paged<Body, Item, E>> {
  declare readonly cursor?: string;
  readonly #items: string;
  readonly #fetchNext: NextPage<Paged<Body, Item, E>, E>;

  constructor(body: Body, items: string, fetchNext: NextPage<Paged<Body, Item, E>, E>) {
    Object.assign(this, body);
    this.#items = items;
    this.#fetchNext = fetchNext;
  }

  /** The following page, `null` after the last (no cursor, or an empty one). */
  async next(): Promise<Result<Paged<Body, Item, E> | null, E>> {
    return this.cursor ? this.#fetchNext(this.cursor) : OK(null);
  }

  /** This page, then each following one. */
  async *[Symbol.asyncIterator](): AsyncIterator<Paged<Body, Item, E>> {
    let page: Paged<Body, Item, E> | null = this as unknown as Paged<Body, Item, E>;
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

  /** Every item (the listing's array: `feed`, `records`, `follows`, ...) from this page on, across pages. */
  async *each(): AsyncGenerator<Item> {
    for await (const page of this) {
      yield* ((page as unknown as Record<string, Item[] | undefined>)[this.#items] ?? []) as Item[];
    }
  }

  /** The same as `each()`: the name listRecords pages had before every listing was paged. */
  eachRecord(): AsyncGenerator<Item> {
    return this.each();
  }
}
