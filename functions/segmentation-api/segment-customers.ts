// GET /segments/{segment}/customers: one branch's partition of BySegmentBranch, or, without a branch, the
// segment's shards of BySegment read in parallel and merged (shared/domain/segment-listing.ts). Either way
// the cursor is bound to the segment and branch it was issued for.
import { branchPageStartKey, type SegmentIndexStore } from '../../shared/adapters/segment-index-store';
import type { SegmentCustomersPage } from '../../shared/contracts/api/segments';
import { firstPage, mergeShardPages, shardPositionsFrom } from '../../shared/domain/segment-listing';
import { SEGMENT_SHARDS, segmentPartition, segmentShardKey } from '../../shared/domain/segment-record-keys';
import { decodeCursor, encodeCursor } from '../../shared/http/cursor';
import { problems } from '../../shared/http/problems';

type Page = SegmentCustomersPage;
type Query = { branch?: string | undefined; limit: number; cursor?: string | undefined };

const notThisCursor = (what: string) => problems.invalidRequest([{ field: 'query.cursor', message: `is not a cursor of ${what}` }]);

/** The position a cursor holds, parsed, or a 400 naming the cursor when it belongs elsewhere. */
function positionOf(cursor: string, scope: string, what: string): unknown {
  const position = decodeCursor(cursor, scope);
  if (position === undefined) throw notThisCursor(what);
  try {
    return JSON.parse(position) as unknown;
  } catch {
    throw notThisCursor(what);
  }
}

export async function segmentCustomersPage(index: SegmentIndexStore, segment: Page['segment'], query: Query): Promise<Page> {
  return query.branch === undefined ? acrossBranches(index, segment, query) : inBranch(index, segment, query.branch, query);
}

async function inBranch(index: SegmentIndexStore, segment: Page['segment'], branchId: string, query: Query): Promise<Page> {
  const partition = segmentPartition(segment, branchId);
  const what = 'this segment and branch';
  const startKey = query.cursor === undefined ? undefined : branchPageStartKey(positionOf(query.cursor, partition, what), partition);
  if (query.cursor !== undefined && !startKey) throw notThisCursor(what);
  const page = await index.partitionRange(partition, {}, { limit: query.limit, startKey, descending: true });
  return {
    segment,
    branchId,
    customers: page.entries.map((e) => ({ customerId: e.customerId, branchId, trailing12Minor: e.segmentContribution, managerId: e.managerId ?? null })),
    nextCursor: page.next ? encodeCursor(JSON.stringify(page.next), partition) : null,
  };
}

async function acrossBranches(index: SegmentIndexStore, segment: Page['segment'], query: Query): Promise<Page> {
  const scope = `${segment}#*`;
  const positions =
    query.cursor === undefined
      ? firstPage(SEGMENT_SHARDS)
      : shardPositionsFrom(positionOf(query.cursor, scope, 'this segment across branches'), SEGMENT_SHARDS);
  if (!positions) throw notThisCursor('this segment across branches');
  // One more than a page from each shard: then a shard the page used up entirely has provably no more.
  const pages = await Promise.all(
    positions.map((position, shard) => (position === 0 ? undefined : index.shardPage(segmentShardKey(segment, shard), query.limit + 1, position ?? undefined))),
  );
  const merged = mergeShardPages(positions, pages, query.limit);
  return {
    segment,
    branchId: null,
    customers: merged.entries.map((e) => ({ customerId: e.customerId, branchId: e.branchId, trailing12Minor: e.contribution, managerId: e.managerId ?? null })),
    nextCursor: merged.more ? encodeCursor(JSON.stringify(merged.positions), scope) : null,
  };
}
