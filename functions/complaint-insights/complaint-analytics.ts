// GET /analytics/complaints: figures over the complaints received in a range, computed from the stored
// complaints. Pure: the complaints and `now` in, the figures out.
import type { ComplaintAnalytics } from '../../shared/contracts/api/complaints-insights';
import { COMPLAINT_CATEGORIES, COMPLAINT_QUEUES } from '../../shared/domain/complaints/categories';
import { isOpen, type Complaint } from '../../shared/domain/complaints/complaint';
import { nextDueAt } from '../../shared/adapters/complaint-table-keys';

const median = (values: number[]) => {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};
const round2 = (x: number) => Math.round(x * 100) / 100;

export function complaintAnalytics(complaints: readonly Complaint[], range: { from: string; to: string }, now: string): ComplaintAnalytics {
  const byCategory = Object.fromEntries(COMPLAINT_CATEGORIES.map((c) => [c, 0])) as Record<(typeof COMPLAINT_CATEGORIES)[number], number>;
  const byQueue = Object.fromEntries(COMPLAINT_QUEUES.map((q) => [q, 0])) as Record<(typeof COMPLAINT_QUEUES)[number], number>;
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
  const mid = median(hoursToResolve);
  return {
    from: range.from,
    to: range.to,
    asOf: now,
    received: complaints.length,
    byCategory,
    byQueue,
    resolved: hoursToResolve.length,
    resolvedWithinDeadline: withinDeadline,
    shareResolvedWithinDeadline: hoursToResolve.length ? round2(withinDeadline / hoursToResolve.length) : null,
    medianHoursToResolve: mid === null ? null : round2(mid),
    openNow,
    overdueNow,
  };
}
