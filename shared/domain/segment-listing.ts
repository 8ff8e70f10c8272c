// Customers of a segment across every branch, by contribution, highest first. The segment is spread over
// SEGMENT_SHARDS index partitions (segment-record-keys.ts) so that none holds a whole segment; a page is a
// k-way merge of the shards' next entries, and the cursor keeps, per shard, the last entry handed out, so
// the next page resumes every shard exactly where it stopped: nothing is skipped or repeated, however
// many customers share one contribution. Pure.

/** Where a shard's next read starts: its top (null), after an entry, or nowhere: it is exhausted (0). */
export type ShardPosition = null | readonly [contribution: number, customerId: string] | 0;

export type ListedEntry = { customerId: string; contribution: number };
/** A shard's entries from its position, in index order, and whether the index holds more after them. */
export type ShardPage<E> = { entries: readonly E[]; more: boolean };

export const firstPage = (shards: number): ShardPosition[] => Array.from({ length: shards }, () => null);

/**
 * The next `limit` entries of the segment from each shard's page (undefined for an exhausted shard), and
 * the positions after them. Each shard page must hold more than `limit` entries or say it has no more,
 * so that `more` is exact: no cursor is handed out for an empty page.
 */
export function mergeShardPages<E extends ListedEntry>(
  positions: readonly ShardPosition[],
  pages: readonly (ShardPage<E> | undefined)[],
  limit: number,
): { entries: E[]; positions: ShardPosition[]; more: boolean } {
  const taken = pages.map(() => 0);
  const entries: E[] = [];
  while (entries.length < limit) {
    let best = -1;
    for (let s = 0; s < pages.length; s++) {
      const head = pages[s]?.entries[taken[s]!];
      if (head && (best < 0 || outranks(head, pages[best]!.entries[taken[best]!]!))) best = s;
    }
    if (best < 0) break;
    entries.push(pages[best]!.entries[taken[best]!]!);
    taken[best]! += 1;
  }
  const next = positions.map((position, s): ShardPosition => {
    const page = pages[s];
    if (position === 0 || !page) return 0;
    const rest = page.entries.length - taken[s]!;
    if (rest === 0 && !page.more) return 0;
    const last = page.entries[taken[s]! - 1];
    return last ? [last.contribution, last.customerId] : position;
  });
  return { entries, positions: next, more: next.some((p) => p !== 0) };
}

/** Higher contribution first; among equals, the lower customer id, so a page's order is deterministic. */
const outranks = (a: ListedEntry, b: ListedEntry) => a.contribution > b.contribution || (a.contribution === b.contribution && a.customerId < b.customerId);

/** A cursor's positions, or undefined when they are not `shards` positions of the shapes above. */
export function shardPositionsFrom(value: unknown, shards: number): ShardPosition[] | undefined {
  if (!Array.isArray(value) || value.length !== shards) return undefined;
  const valid = value.every(
    (p) => p === null || p === 0 || (Array.isArray(p) && p.length === 2 && Number.isSafeInteger(p[0]) && typeof p[1] === 'string' && p[1].length > 0),
  );
  return valid ? (value as ShardPosition[]) : undefined;
}
