// Which deadlines a complaint has broken at `now`, and the escalation that follows (MISSION.md: "an
// ESCALATED flag on breach"; issue 6: flagged, priority raised, event published, metric emitted).
//
// A deadline is met by the act it waits for: acknowledgement by ACKNOWLEDGED, resolution by RESOLVED.
// A withdrawal stops both clocks (CBIRC Order 2020 No. 3, Art. 15: handling ends on the day the
// withdrawal is received). A deadline met late is a breach for reporting, but only a deadline still
// unmet escalates: escalation exists to get the answer out, and the answer is already out.
import { type Complaint, isOpen } from './complaint';
import type { DeadlineKind } from './deadlines';
import { type Priority, raisePriority } from './priority';

export interface Breach {
  readonly kind: DeadlineKind;
  readonly dueAt: string;
  /** When it was met, late; absent while still unmet. */
  readonly metAt?: string;
  /** How late: until `metAt`, or until now. */
  readonly overdueMs: number;
  /** The regulator's own limit was broken too, not just the bank's service target. */
  readonly regulatory: boolean;
}

export interface ImpliedEscalation {
  readonly deadlines: readonly DeadlineKind[];
  readonly priority: { readonly from?: Priority; readonly to: Priority };
  readonly reason: string;
}

export interface BreachAssessment {
  readonly breaches: readonly Breach[];
  /** Present when a breach not escalated yet is still unmet on an open complaint. */
  readonly escalation?: ImpliedEscalation;
}

export const assessBreaches = (complaint: Complaint, now: string): BreachAssessment => {
  const nowMs = Date.parse(now);
  if (Number.isNaN(nowMs)) throw new RangeError(`not an instant: ${now}`);
  const breaches: Breach[] = [];
  for (const kind of ['ACKNOWLEDGEMENT', 'RESOLUTION'] as const) {
    const due = complaint.deadlines?.[kind];
    if (!due) continue;
    const done = kind === 'ACKNOWLEDGEMENT' ? complaint.acknowledgedAt : complaint.resolvedAt;
    // A withdrawal is not the bank meeting the deadline, but it stops the clock: nothing is owed after it.
    const stoppedAt = done ?? complaint.withdrawnAt;
    const until = stoppedAt ? Date.parse(stoppedAt) : nowMs;
    const dueMs = Date.parse(due.dueAt);
    if (until <= dueMs) continue;
    breaches.push({
      kind,
      dueAt: due.dueAt,
      ...(done ? { metAt: done } : {}),
      overdueMs: until - dueMs,
      regulatory: due.regulatoryDueAt !== undefined && until > Date.parse(due.regulatoryDueAt),
    });
  }

  const unescalated = breaches.filter((b) => b.metAt === undefined && !complaint.escalatedDeadlines.includes(b.kind));
  if (!isOpen(complaint.status) || unescalated.length === 0) return { breaches };
  const from = complaint.priority;
  const to = raisePriority(from ?? 'P3');
  return {
    breaches,
    escalation: {
      deadlines: unescalated.map((b) => b.kind),
      priority: { ...(from ? { from } : {}), to },
      reason: unescalated
        .map((b) => `${b.kind.toLowerCase()} due ${b.dueAt} missed${b.regulatory ? ' (regulatory limit)' : ''}`)
        .join('; '),
    },
  };
};
