// What one complaint counts for in the analytics of the day it was received: the names of the counters it
// adds 1 to in its state now. A lifecycle write adds figuresOf(after) and takes away figuresOf(before),
// in the same transaction as the complaint (complaint-store.ts), so the day's counters are always the sum
// over the complaints as stored. Pure; kept small, the router's bundle carries it.
//   n received · c_<category> · q_<queue> · o open now · r resolved · d resolved by the resolution due
//   time · h_<hours> resolved, in the bucket of hours to resolve starting at <hours> (figureBucket)
import { isOpen, type Complaint } from './complaint';

/**
 * Buckets of hours from receipt to resolution, named by where they start: 1 h wide below a day, 4 h below
 * a week, 24 h below 8 weeks (1,344 h), a week beyond, and one bucket for a year (8,760 h) or more. A median
 * read from bucket middles is within half a bucket of the exact one (0.5 h, 2 h, 12 h, 84 h). At most 155
 * buckets, so a day shard's item stays under 2 KB however many complaints it counts.
 */
export const FIGURE_BUCKETS: readonly (readonly [from: number, width: number])[] = [
  [0, 1],
  [24, 4],
  [168, 24],
  [1344, 168],
];
export const figureBucket = (hours: number) => {
  if (hours >= 8760) return 8760;
  const [from, width] = FIGURE_BUCKETS.findLast(([f]) => hours >= f) ?? FIGURE_BUCKETS[0]!;
  return from + Math.floor((Math.max(0, hours) - from) / width) * width;
};

export const figuresOf = (c: Complaint): string[] => {
  const f = ['n'];
  if (c.category) f.push(`c_${c.category}`);
  if (c.queue) f.push(`q_${c.queue}`);
  if (isOpen(c.status)) f.push('o');
  if (c.resolvedAt) {
    const at = Date.parse(c.resolvedAt);
    const due = c.deadlines?.RESOLUTION.dueAt;
    f.push('r', `h_${figureBucket((at - Date.parse(c.receivedAt)) / 3_600_000)}`);
    if (due && at <= Date.parse(due)) f.push('d');
  }
  return f;
};
