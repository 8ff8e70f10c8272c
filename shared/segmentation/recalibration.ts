// Recalibration of the MVC threshold over the whole base, in pieces that each fit one Lambda
// invocation, so 10 million customers take more pieces, not longer ones:
//
//   schedule → start: the run item, N SCAN messages (one per parallel-scan segment of the index)
//   SCAN     → a worker scans its segment of the sparse segment index (keys only), building a histogram
//              of positive contributions and counts/totals per segment#branch; near its timeout it
//              stores the part and re-enqueues itself from LastEvaluatedKey
//   last SCAN to finish → FINALIZE: merge the parts; locate the percentile's bucket; read that bucket's
//              values by key range on each partition (exact nearest rank, mvc-calibration.ts); store
//              the percentile and the analytics snapshot; enqueue MOVE ranges
//   MOVE     → a key range of one segment#branch partition holds exactly the customers whose segment
//              moves (MVC below the new threshold; MGC or STANDARD at or above it): each is re-segmented
//              from its stored inputs, settled and published, continuing from LastEvaluatedKey
import { assignSegment, mvcThreshold } from '../domain/segmentation';
import type { Segment } from '../domain/segment-parameters';
import { addToHistogram, locateRank, mergeHistograms, percentileInBucket, type Histogram } from '../domain/segmentation/mvc-calibration';
import type { SegmentConfigStore } from '../adapters/segment-config';
import type { SegmentEventsPublisher } from '../adapters/segment-events';
import type { Aggregates, SegmentIndexStore } from '../adapters/segment-index-store';
import type { SegmentStore } from '../adapters/segment-store';
import type { WorkQueue } from '../adapters/segment-work-queue';
import type { ManagerAvailable, ManagerLeft, MoveCustomers, ScanSegment, WorkMessage } from './recalibration-messages';
import { localDate } from './reevaluate-customer';
import { publishPending, RosterCache, settleAssignment, withFreshRetry } from './settle-assignment';
import type { StoredAssignment } from './stored-assignment';

export type RecalibrationDeps = {
  store: SegmentStore;
  index: SegmentIndexStore;
  config: SegmentConfigStore;
  queue: WorkQueue;
  events: SegmentEventsPublisher;
  now: () => Date;
  /** Milliseconds left in this invocation. */
  remainingMs: () => number;
  /** Stop starting new pages with less than this left (default 20 s). */
  safetyMarginMs?: number;
};

export const DEFAULT_TOTAL_SEGMENTS = 8;
const MOVERS_PAGE = 50;

export async function startRecalibration(deps: Pick<RecalibrationDeps, 'index' | 'queue'>, runId: string, totalSegments: number, at: string) {
  if (!(await deps.index.startRun(runId, totalSegments, at))) return { started: false };
  await deps.queue.send(Array.from({ length: totalSegments }, (_, segment) => ({ kind: 'SCAN', runId, segment, totalSegments, part: 0 }) as const));
  return { started: true };
}

export async function handleWork(deps: RecalibrationDeps, message: WorkMessage): Promise<void> {
  switch (message.kind) {
    case 'SCAN':
      return scanSegment(deps, message);
    case 'FINALIZE':
      return finalize(deps, message.runId);
    case 'MOVE':
      return moveCustomers(deps, message);
    case 'MANAGER_LEFT':
      return reassignManagers(deps, message, { order: 'index', whose: (e) => e.managerId === message.managerId, excludeManagerId: message.managerId });
    case 'MANAGER_AVAILABLE':
      // Most valuable first, and no further once the branch is full again.
      return reassignManagers(deps, message, { order: 'highest first', whose: (e) => e.managerId === undefined, untilFull: true });
  }
}

const timeLeft = (deps: RecalibrationDeps) => deps.remainingMs() > (deps.safetyMarginMs ?? 20_000);

async function scanSegment(deps: RecalibrationDeps, m: ScanSegment) {
  const histogram: Histogram = {};
  const aggregates: Aggregates = {};
  let scanned = 0;
  let startKey = m.startKey;
  do {
    const page = await deps.index.scanPage(m.segment, m.totalSegments, startKey);
    for (const e of page.entries) {
      scanned += 1;
      addToHistogram(histogram, e.contribution);
      const a = (aggregates[e.partition] ??= { count: 0, totalMinor: 0 });
      a.count += 1;
      a.totalMinor += e.contribution;
    }
    startKey = page.next;
  } while (startKey && timeLeft(deps));

  await deps.index.putPart(m.runId, m.segment, m.part, { histogram, aggregates, scanned });
  if (startKey) {
    await deps.queue.send([{ ...m, part: m.part + 1, startKey }]);
    return;
  }
  if (await deps.index.completeSegment(m.runId, m.segment, deps.now().toISOString())) await deps.queue.send([{ kind: 'FINALIZE', runId: m.runId }]);
}

const segmentOfPartition = (partition: string) => partition.slice(0, partition.indexOf('#')) as Segment;

export type FinalizeResult = { positiveContributors: number; percentileMinor: number | null; thresholdMinor: number; moveRanges: number };

export async function finalize(deps: RecalibrationDeps, runId: string): Promise<void> {
  const parts = await deps.index.parts(runId);
  const histogram = mergeHistograms(parts.map((p) => p.histogram));
  const aggregates: Aggregates = {};
  for (const p of parts) {
    for (const [k, a] of Object.entries(p.aggregates)) {
      const t = (aggregates[k] ??= { count: 0, totalMinor: 0 });
      t.count += a.count;
      t.totalMinor += a.totalMinor;
    }
  }
  const { parameters } = await deps.config.current({ fresh: true });
  const rules = parameters.segmentation;
  const location = locateRank(histogram, rules.mvc.percentile);
  let percentileMinor: number | null = null;
  if (location.kind === 'bucket') {
    // Positive contributors are in every segment but BZ (a BZ trailing contribution is below zero).
    const partitions = Object.keys(aggregates).filter((p) => segmentOfPartition(p) !== 'BZ');
    const values = (await Promise.all(partitions.map((p) => deps.index.valuesBetween(p, location.lo, location.hi - 1)))).flat();
    percentileMinor = percentileInBucket(location, values);
  }
  const at = deps.now().toISOString();
  await deps.config.saveCalibration({ runId, percentileMinor, positiveContributors: location.positiveContributors, at });
  await deps.index.putAnalytics({ asOf: at, runId, aggregates });

  const thresholdMinor = mvcThreshold(rules.mvc, percentileMinor).thresholdMinor;
  const moves: MoveCustomers[] = Object.keys(aggregates).flatMap((partition): MoveCustomers[] => {
    const segment = segmentOfPartition(partition);
    if (segment === 'BZ') return [];
    return [{ kind: 'MOVE', runId, partition, direction: segment === 'MVC' ? 'DOWN' : 'UP', thresholdMinor }];
  });
  await deps.queue.send(moves);
  await deps.index.finishRun(runId, { positiveContributors: location.positiveContributors, percentileMinor, thresholdMinor, moveRanges: moves.length, at } satisfies FinalizeResult & { at: string });
}

async function moveCustomers(deps: RecalibrationDeps, m: MoveCustomers) {
  await deps.config.current({ fresh: true }); // the threshold finalize has just stored, not a cached one
  const rosters = new RosterCache(deps.store);
  let startKey = m.startKey;
  const range = m.direction === 'DOWN' ? { to: m.thresholdMinor - 1 } : { from: m.thresholdMinor };
  do {
    const page = await deps.index.partitionRange(m.partition, range, { limit: MOVERS_PAGE, startKey });
    const settled = await Promise.all(page.entries.map((e) => resegment(deps, rosters, e.customerId, m.thresholdMinor)));
    await publishPending(deps.store, deps.events, settled.filter((s): s is StoredAssignment => s !== undefined));
    startKey = page.next;
  } while (startKey && timeLeft(deps));
  if (startKey) await deps.queue.send([{ ...m, startKey }]);
}

/** Re-segments one customer from the inputs of its stored assignment under a new threshold. */
export function resegment(deps: RecalibrationDeps, rosters: RosterCache, customerId: string, thresholdMinor: number): Promise<StoredAssignment | undefined> {
  return withFreshRetry(async () => {
    const before = await deps.store.assignment(customerId);
    if (!before) return undefined;
    const { parameters, percentileMinor } = await deps.config.current();
    const threshold = mvcThreshold(parameters.segmentation.mvc, percentileMinor);
    // The run's threshold is the one stored by finalize; a newer run may have stored another since.
    if (threshold.thresholdMinor !== thresholdMinor && percentileMinor !== null) return undefined;
    const input = { ...before.input, asOf: localDate(deps.now(), parameters.reportingTimeZone) };
    const assignment = assignSegment(input, parameters.segmentation, threshold);
    const outcome = await settleAssignment(deps.store, rosters, {
      customerId,
      before,
      assignment,
      branchId: before.branchId,
      currency: before.currency,
      cause: 'RECALIBRATION',
      now: deps.now().toISOString(),
    });
    return outcome.stored;
  });
}

type Reassignment = {
  order: 'index' | 'highest first';
  /** Which of the branch's MVC customers to settle again. */
  whose: (e: { managerId?: string }) => boolean;
  excludeManagerId?: string;
  /** Stop at the first customer left to the team queue: nobody in the branch has room any more. */
  untilFull?: boolean;
};

/**
 * Settles again the MVC customers of a branch that a roster change concerns: a manager left (each of
 * their customers gets another manager of the branch, or the team queue), or a manager has room (the
 * customers waiting in the team queue get one). A manager change is not a segment change: nothing is
 * published (segmentVersion unchanged), the history keeps segment changes only.
 */
async function reassignManagers(deps: RecalibrationDeps, m: ManagerLeft | ManagerAvailable, how: Reassignment) {
  const rosters = new RosterCache(deps.store);
  let startKey = m.startKey;
  let full = false;
  const settleOne = (customerId: string) =>
    withFreshRetry(async () => {
      const before = await deps.store.assignment(customerId);
      if (!before || before.segment !== 'MVC' || !how.whose({ managerId: before.managerId })) return undefined;
      const outcome = await settleAssignment(deps.store, rosters, {
        customerId,
        before,
        assignment: { segment: before.segment, reasons: before.reasons, mvcThreshold: before.mvcThreshold, input: before.input },
        branchId: before.branchId,
        currency: before.currency,
        cause: 'MANAGER_CHANGED',
        now: deps.now().toISOString(),
        ...(how.excludeManagerId ? { excludeManagerId: how.excludeManagerId } : {}),
      });
      return outcome.stored;
    });
  do {
    const page = await deps.index.partitionRange(`MVC#${m.branchId}`, {}, { limit: MOVERS_PAGE, startKey, descending: how.order === 'highest first' });
    const concerned = page.entries.filter(how.whose).map((e) => e.customerId);
    if (how.untilFull) {
      // One at a time, so the room goes to the most valuable customers, not to whoever wins a race.
      for (const customerId of concerned) {
        if ((await settleOne(customerId))?.manager.kind === 'TEAM_QUEUE') {
          full = true;
          break;
        }
      }
    } else {
      await Promise.all(concerned.map(settleOne));
    }
    startKey = page.next;
  } while (startKey && !full && timeLeft(deps));
  if (startKey && !full) await deps.queue.send([{ ...m, startKey }]);
}
