// What one complaint counts for in the analytics of the day it was received: the names of the counters it
// adds 1 to in its state now. A lifecycle write adds figuresOf(after) and takes away figuresOf(before),
// in the same transaction as the complaint (complaint-store.ts), so the day's counters are always the sum
// over the complaints as stored. Pure; kept small, the router's bundle carries it.
//   n received · c_<category> · q_<queue> · o open now · r resolved · d resolved by the resolution due
//   time · h_<hours> resolved, in the bucket of hours to resolve starting at <hours> (figureBucket)
import { isOpen, type Complaint } from './complaint';

/**
 * Buckets of hours from receipt to resolution: 1 hour wide below 30 days (720 h), 24 hours wide beyond,
 * so a median read from them is within 0.5 h of the exact one below 30 days and within 12 h beyond.
 */
export const figureBucket = (hours: number) => (hours < 720 ? Math.floor(Math.max(0, hours)) : 720 + Math.floor((hours - 720) / 24) * 24);

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
