/**
 * The one paging helper. Mailgun pages its listings in two ways, and every listing here follows
 * one of them until a page comes back shorter than asked for:
 * - skip/limit (domains, routes, SMTP credentials);
 * - pivot: the next page starts after the last key seen (`page=next&<key>=<last>`): suppressions,
 *   templates and their versions, mailing lists and their members. Some of these want the first
 *   page named (`page=first`).
 */

/** How to ask for the page after the items seen so far. */
export interface PageStyle<T> {
  /** The most a page holds: a shorter page is the last. */
  size: number;
  /** Query of the next page, given how many items came so far and the last of them (undefined before the first page). */
  query(seen: number, last: T | undefined): Record<string, string>;
}

/** `skip`/`limit` paging. */
export function skipLimit<T>(size: number): PageStyle<T> {
  return { size, query: (seen) => ({ skip: String(seen), limit: String(size) }) };
}

/**
 * Pivot paging: `param` carries `keyOf` the last item seen; with `namedFirst` the first page is
 * asked for as `page=first`.
 */
export function pivot<T>(size: number, param: string, keyOf: (item: T) => string, namedFirst = false): PageStyle<T> {
  const limit = String(size);
  const first: Record<string, string> = namedFirst ? { page: "first", limit } : { limit };
  return { size, query: (_seen, last) => (last === undefined ? first : { page: "next", [param]: keyOf(last), limit }) };
}

/**
 * Every item, page after page. `fetchPage` answers a page's items, or undefined when the listed
 * thing is gone (a 404 the caller chose to read as the end): what came so far is the answer then.
 */
export async function allPages<T>(style: PageStyle<T>, fetchPage: (query: Record<string, string>) => Promise<T[] | undefined>): Promise<T[]> {
  const all: T[] = [];
  for (;;) {
    const items = await fetchPage(style.query(all.length, all[all.length - 1]));
    if (items === undefined) return all;
    all.push(...items);
    if (items.length < style.size) return all;
  }
}
