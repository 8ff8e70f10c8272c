// The cross-branch list's merge of the segment's shards (shared/domain/segment-listing.ts), against shards
// held in memory: whatever the entries, ties and page size, paging from the first page to the last hands
// out every entry once, highest contribution first, and never a cursor for an empty page.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { firstPage, mergeShardPages, shardPositionsFrom, type ListedEntry, type ShardPosition } from '../../../shared/domain/segment-listing';
import { segmentShardOf, SEGMENT_SHARDS } from '../../../shared/domain/segment-record-keys';

type Entry = ListedEntry & { branchId: string };

/** A shard as the index keeps it: by contribution, highest first; ties in an order of the index's own. */
const inIndexOrder = (entries: Entry[]) =>
  [...entries].sort((a, b) => b.contribution - a.contribution || (a.customerId < b.customerId ? 1 : -1));

/** DynamoDB's Query on one shard: up to `limit` entries after the start key, and whether more remain. */
function shardPage(shard: Entry[], limit: number, after?: readonly [number, string]) {
  const start = after ? shard.findIndex((e) => e.contribution === after[0] && e.customerId === after[1]) + 1 : 0;
  const entries = shard.slice(start, start + limit);
  return { entries, more: start + limit < shard.length };
}

function listAll(shards: Entry[][], limit: number) {
  const pages: Entry[][] = [];
  let positions: ShardPosition[] | undefined = firstPage(shards.length);
  while (positions) {
    const current: ShardPosition[] = positions;
    const fetched = current.map((p, s) => (p === 0 ? undefined : shardPage(shards[s]!, limit + 1, p ?? undefined)));
    const merged = mergeShardPages(current, fetched, limit);
    pages.push(merged.entries);
    // Through the cursor's JSON, as the API hands it out and reads it back.
    positions = merged.more ? shardPositionsFrom(JSON.parse(JSON.stringify(merged.positions)), shards.length) : undefined;
    if (pages.length > 10_000) throw new Error('paging does not end');
  }
  return pages;
}

const entries = fc.uniqueArray(
  fc.record({ customerId: fc.stringMatching(/^C-[0-9]{1,4}$/), contribution: fc.constantFrom(-5, 0, 0, 7, 100, 100, 2_000), branchId: fc.constantFrom('A', 'B', 'C') }),
  { selector: (e) => e.customerId, maxLength: 120 },
);

describe('the cross-branch merge of a segment’s shards', () => {
  it('hands out every entry once, by contribution, in full pages but the last', () => {
    fc.assert(
      fc.property(entries, fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 12 }), (all, shardCount, limit) => {
        const shards = Array.from({ length: shardCount }, (_, s) => inIndexOrder(all.filter((_, i) => i % shardCount === s)));
        const pages = listAll(shards, limit);
        const listed = pages.flat();
        expect(listed.map((e) => e.customerId).sort()).toEqual(all.map((e) => e.customerId).sort());
        expect(listed.map((e) => e.contribution)).toEqual(listed.map((e) => e.contribution).sort((a, b) => b - a));
        expect(pages.slice(0, -1).every((p) => p.length === limit)).toBe(true);
        if (all.length > 0) expect(pages.at(-1)!.length).toBeGreaterThan(0);
      }),
      { numRuns: 300 },
    );
  });

  it('reads no exhausted shard again', () => {
    const shards = [inIndexOrder([{ customerId: 'C-1', contribution: 10, branchId: 'A' }]), inIndexOrder(Array.from({ length: 5 }, (_, i) => ({ customerId: `C-2${i}`, contribution: i, branchId: 'B' })))];
    const first = mergeShardPages(firstPage(2), shards.map((s) => shardPage(s, 3)), 2);
    expect(first.positions[0]).toBe(0);
    expect(first.positions[1]).toEqual([4, 'C-24']);
  });

  it('accepts only cursors of its own shape', () => {
    expect(shardPositionsFrom([null, 0, [5, 'C-1']], 3)).toEqual([null, 0, [5, 'C-1']]);
    for (const bad of [[null, 0], [null, 0, [5]], [null, 0, ['5', 'C-1']], [null, 0, [5, '']], [null, 1, null], {}, 'x', [null, 0, [1.5, 'C']]]) {
      expect(shardPositionsFrom(bad, 3), JSON.stringify(bad)).toBeUndefined();
    }
  });

  it('spreads customers evenly over the shards, each always in the same one', () => {
    const counts = new Map<string, number>();
    for (let i = 0; i < 16_000; i++) {
      const shard = segmentShardOf('MVC', `C-${String(i).padStart(7, '0')}`);
      counts.set(shard, (counts.get(shard) ?? 0) + 1);
    }
    expect(counts.size).toBe(SEGMENT_SHARDS);
    for (const n of counts.values()) expect(n).toBeGreaterThan(800);
    expect(segmentShardOf('MVC', 'C-42')).toBe(segmentShardOf('MVC', 'C-42'));
  });
});
