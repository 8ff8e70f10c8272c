// GET /analytics/complaints: figures over the complaints received in a range. Pure.
// - complaintFigures: what the figures mean, computed from the complaints themselves (tests hold the
//   maintained counters to it).
// - figuresFromCounters: the same figures from the daily counters the complaints' writes keep
//   (complaint-figures.ts) and the overdue count; what the endpoint answers from.
// - publishedFigures: the figures as an analyst sees them, small groups withheld (small-groups.ts).
import type { ComplaintAnalytics } from '../../shared/contracts/api/complaints-insights';
import { COMPLAINT_CATEGORIES, COMPLAINT_QUEUES, type ComplaintCategory, type ComplaintQueue } from '../../shared/domain/complaints/categories';
import { isOpen, type Complaint } from '../../shared/domain/complaints/complaint';
import { FIGURE_BUCKETS } from '../../shared/domain/complaints/complaint-figures';
import { nextDueAt } from '../../shared/adapters/complaint-table-keys';
import { type Breakdown, countsToSuppress, MINIMUM_GROUP_SIZE } from '../../shared/data-protection/small-groups';

/** The figures before any is withheld. */
export interface ComplaintFigures {
  readonly from: string;
  readonly to: string;
  readonly asOf: string;
  readonly received: number;
  readonly byCategory: Record<ComplaintCategory, number>;
  readonly byQueue: Record<ComplaintQueue, number>;
  readonly resolved: number;
  readonly resolvedWithinDeadline: number;
  readonly medianHoursToResolve: number | null;
  readonly openNow: number;
  readonly overdueNow: number;
}

const zeros = <K extends string>(keys: readonly K[]) => Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;
const round2 = (x: number) => Math.round(x * 100) / 100;

/** The median of values given as (value, how many), sorted by value. */
const medianOf = (sorted: readonly (readonly [number, number])[]): number | null => {
  const n = sorted.reduce((s, [, c]) => s + c, 0);
  if (n === 0) return null;
  const at = (rank: number) => {
    let seen = 0;
    for (const [v, c] of sorted) if ((seen += c) >= rank) return v;
    return sorted[sorted.length - 1]![0];
  };
  return n % 2 ? at((n + 1) / 2) : (at(n / 2) + at(n / 2 + 1)) / 2;
};

export function complaintFigures(complaints: readonly Complaint[], range: { from: string; to: string }, now: string): ComplaintFigures {
  const byCategory = zeros(COMPLAINT_CATEGORIES);
  const byQueue = zeros(COMPLAINT_QUEUES);
  const hoursToResolve: number[] = [];
  let withinDeadline = 0;
  let openNow = 0;
  let overdueNow = 0;
  const nowMs = Date.parse(now);
  for (const c of complaints) {
    if (c.category) byCategory[c.category]++;
    if (c.queue) byQueue[c.queue]++;
    if (c.resolvedAt) {
      hoursToResolve.push((Date.parse(c.resolvedAt) - Date.parse(c.receivedAt)) / 3_600_000);
      const due = c.deadlines?.RESOLUTION.dueAt;
      if (due && Date.parse(c.resolvedAt) <= Date.parse(due)) withinDeadline++;
    }
    if (isOpen(c.status)) {
      openNow++;
      const due = nextDueAt(c);
      if (due && Date.parse(due) < nowMs) overdueNow++;
    }
  }
  const mid = medianOf(hoursToResolve.sort((a, b) => a - b).map((h) => [h, 1] as const));
  return {
    ...range,
    asOf: now,
    received: complaints.length,
    byCategory,
    byQueue,
    resolved: hoursToResolve.length,
    resolvedWithinDeadline: withinDeadline,
    medianHoursToResolve: mid === null ? null : round2(mid),
    openNow,
    overdueNow,
  };
}

/** The figures from the summed daily counters (names as in complaint-figures.ts) and the overdue count. */
export function figuresFromCounters(counters: Readonly<Record<string, number>>, overdueNow: number, range: { from: string; to: string }, now: string): ComplaintFigures {
  const count = (name: string) => counters[name] ?? 0;
  const byCategory = zeros(COMPLAINT_CATEGORIES);
  for (const c of COMPLAINT_CATEGORIES) byCategory[c] = count(`c_${c}`);
  const byQueue = zeros(COMPLAINT_QUEUES);
  for (const q of COMPLAINT_QUEUES) byQueue[q] = count(`q_${q}`);
  // Each bucket stands for its middle (FIGURE_BUCKETS); the open-ended one, a year or more, for its start.
  const buckets = Object.entries(counters)
    .filter(([name, n]) => name.startsWith('h_') && n > 0)
    .map(([name, n]) => {
      const low = Number(name.slice(2));
      const width = low >= 8760 ? 0 : FIGURE_BUCKETS.findLast(([from]) => low >= from)![1];
      return [low + width / 2, n] as const;
    })
    .sort((a, b) => a[0] - b[0]);
  const mid = medianOf(buckets);
  return {
    ...range,
    asOf: now,
    received: count('n'),
    byCategory,
    byQueue,
    resolved: count('r'),
    resolvedWithinDeadline: count('d'),
    medianHoursToResolve: mid === null ? null : round2(mid),
    openNow: count('o'),
    overdueNow,
  };
}

/**
 * The totals and the parts of them an answer publishes: a part withheld must not be readable as its total
 * less the other parts (the remainders — uncategorised, unrouted, withdrawn, resolved late, open and not
 * overdue — are not published, so they must not be readable either).
 */
const BREAKDOWNS: readonly Breakdown[] = [
  { total: 'received', parts: COMPLAINT_CATEGORIES.map((c) => `byCategory.${c}`) },
  { total: 'received', parts: COMPLAINT_QUEUES.map((q) => `byQueue.${q}`) },
  { total: 'received', parts: ['openNow', 'resolved'] },
  { total: 'resolved', parts: ['resolvedWithinDeadline'] },
  { total: 'openNow', parts: ['overdueNow'] },
];

/** The figures an analyst sees: every count of 1 to k−1 complaints, and what would reveal one, withheld as null. */
export function publishedFigures(f: ComplaintFigures, k = MINIMUM_GROUP_SIZE): ComplaintAnalytics {
  const counts: Record<string, number> = {
    received: f.received,
    resolved: f.resolved,
    resolvedWithinDeadline: f.resolvedWithinDeadline,
    openNow: f.openNow,
    overdueNow: f.overdueNow,
  };
  for (const c of COMPLAINT_CATEGORIES) counts[`byCategory.${c}`] = f.byCategory[c];
  for (const q of COMPLAINT_QUEUES) counts[`byQueue.${q}`] = f.byQueue[q];
  const hidden = countsToSuppress(counts, BREAKDOWNS, k);
  const shown = (name: string) => (hidden.has(name) ? null : counts[name]!);
  // A median over a withheld number of resolutions would describe those few complaints.
  const medianWithheld = hidden.has('resolved') && f.medianHoursToResolve !== null;
  const shareKnown = !hidden.has('resolved') && !hidden.has('resolvedWithinDeadline') && f.resolved > 0;
  return {
    from: f.from,
    to: f.to,
    asOf: f.asOf,
    minimumGroupSize: k,
    suppressed: [...hidden, ...(medianWithheld ? ['medianHoursToResolve'] : [])].sort(),
    received: shown('received'),
    byCategory: Object.fromEntries(COMPLAINT_CATEGORIES.map((c) => [c, shown(`byCategory.${c}`)])) as Record<ComplaintCategory, number | null>,
    byQueue: Object.fromEntries(COMPLAINT_QUEUES.map((q) => [q, shown(`byQueue.${q}`)])) as Record<ComplaintQueue, number | null>,
    resolved: shown('resolved'),
    resolvedWithinDeadline: shown('resolvedWithinDeadline'),
    shareResolvedWithinDeadline: shareKnown ? round2(f.resolvedWithinDeadline / f.resolved) : null,
    medianHoursToResolve: medianWithheld ? null : f.medianHoursToResolve,
    openNow: shown('openNow'),
    overdueNow: shown('overdueNow'),
  };
}
