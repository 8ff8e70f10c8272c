// The complaint as the domain sees it: its place in the lifecycle, who has it, what is due when. Storage
// and events map to and from this shape; the rules that change it are in lifecycle.ts.
import type { ComplaintCategory, ComplaintQueue } from './categories';
import type { ComplaintDeadlines, DeadlineGovernor, DeadlineKind } from './deadlines';
import { DEADLINE_KINDS } from './deadlines';
import type { Priority } from './priority';
import { type Resolution, resolutionProblems } from './resolution';
import type { Assignee } from './routing';
import type { Severity } from './severity';

export const COMPLAINT_STATUSES = [
  'RECEIVED',
  'ROUTED',
  'ACKNOWLEDGED',
  'IN_PROGRESS',
  'RESOLVED',
  'CLOSED',
  'REOPENED',
  'WITHDRAWN',
] as const;
export type ComplaintStatus = (typeof COMPLAINT_STATUSES)[number];

/** Statuses in which the bank still owes the customer an answer (and deadlines run). */
export const OPEN_STATUSES: readonly ComplaintStatus[] = ['RECEIVED', 'ROUTED', 'ACKNOWLEDGED', 'IN_PROGRESS', 'REOPENED'];
export const isOpen = (status: ComplaintStatus) => OPEN_STATUSES.includes(status);

export interface DueTime {
  readonly dueAt: string;
  readonly regulatoryDueAt?: string;
  readonly governedBy: DeadlineGovernor;
  /** Counted past the known holiday calendar: conservative (never late), to be confirmed. */
  readonly beyondKnownCalendar?: true;
}
export type ComplaintDueTimes = Readonly<Record<DeadlineKind, DueTime>>;

/** The part of computed deadlines a complaint keeps (the reasons go to the history entry). */
export const dueTimesOf = (deadlines: ComplaintDeadlines): ComplaintDueTimes => {
  const pick = (d: ComplaintDeadlines[keyof Omit<ComplaintDeadlines, 'summaryResolutionUntil'>]): DueTime => ({
    dueAt: d.dueAt,
    governedBy: d.governedBy,
    ...(d.regulatoryDueAt ? { regulatoryDueAt: d.regulatoryDueAt } : {}),
    ...(d.beyondKnownCalendar ? { beyondKnownCalendar: true as const } : {}),
  });
  return { ACKNOWLEDGEMENT: pick(deadlines.acknowledgement), RESOLUTION: pick(deadlines.resolution) };
};

/** The complaint's deadlines reach past the known holiday calendar (see DueTime.beyondKnownCalendar). */
export const deadlinesBeyondKnownCalendar = (c: { readonly deadlines?: ComplaintDueTimes }): boolean =>
  c.deadlines !== undefined && Object.values(c.deadlines).some((d) => d.beyondKnownCalendar === true);

export interface Complaint {
  readonly id: string;
  readonly customerId: string;
  readonly status: ComplaintStatus;
  /** 1 when received; +1 on every accepted transition or escalation (for optimistic locking). */
  readonly version: number;
  readonly receivedAt: string;
  /** The time of the latest accepted change. */
  readonly updatedAt: string;
  readonly category?: ComplaintCategory;
  readonly queue?: ComplaintQueue;
  readonly assignee?: Assignee;
  /** The member of staff working it: the relationship manager, or the handler who took it from the queue. */
  readonly handlerId?: string;
  readonly priority?: Priority;
  readonly severity?: Severity;
  readonly deadlines?: ComplaintDueTimes;
  readonly acknowledgedAt?: string;
  readonly resolvedAt?: string;
  readonly closedAt?: string;
  readonly withdrawnAt?: string;
  readonly resolution?: Resolution;
  readonly reopenCount: number;
  /** ESCALATED is a flag, not a status: the complaint keeps moving through its lifecycle while escalated. */
  readonly escalated: boolean;
  /** Deadlines whose breach has already been escalated, so that a breach escalates once. */
  readonly escalatedDeadlines: readonly DeadlineKind[];
}

export const receiveComplaint = (input: {
  readonly id: string;
  readonly customerId: string;
  readonly receivedAt: string;
  readonly category?: ComplaintCategory;
  readonly deadlines?: ComplaintDueTimes;
}): Complaint => ({
  id: input.id,
  customerId: input.customerId,
  status: 'RECEIVED',
  version: 1,
  receivedAt: new Date(input.receivedAt).toISOString(),
  updatedAt: new Date(input.receivedAt).toISOString(),
  ...(input.category ? { category: input.category } : {}),
  ...(input.deadlines ? { deadlines: input.deadlines } : {}),
  reopenCount: 0,
  escalated: false,
  escalatedDeadlines: [],
});

const ROUTED_OR_LATER: readonly ComplaintStatus[] = ['ROUTED', 'ACKNOWLEDGED', 'IN_PROGRESS', 'RESOLVED', 'CLOSED', 'REOPENED'];
const ACKNOWLEDGED_OR_LATER: readonly ComplaintStatus[] = ['ACKNOWLEDGED', 'IN_PROGRESS', 'RESOLVED', 'CLOSED', 'REOPENED'];

/** What makes a complaint inconsistent; empty for a valid one. Used by tests and by adapters on read. */
export const complaintInvariantViolations = (c: Complaint): string[] => {
  const v: string[] = [];
  const has = (x: unknown) => x !== undefined;
  if (!COMPLAINT_STATUSES.includes(c.status)) v.push(`unknown status ${String(c.status)}`);
  if (!Number.isSafeInteger(c.version) || c.version < 1) v.push('version must be a positive integer');
  if (ROUTED_OR_LATER.includes(c.status) && !(has(c.queue) && has(c.assignee) && has(c.priority) && has(c.category))) {
    v.push(`${c.status} needs a category, queue, assignee and priority`);
  }
  if (c.assignee && c.assignee.queue !== c.queue) v.push('the assignee belongs to another queue');
  // A withdrawn complaint may or may not have been acknowledged before the customer withdrew it.
  if (c.status !== 'WITHDRAWN' && ACKNOWLEDGED_OR_LATER.includes(c.status) !== has(c.acknowledgedAt)) {
    v.push(`${c.status} and acknowledgedAt disagree`);
  }
  const resolved = c.status === 'RESOLVED' || c.status === 'CLOSED';
  if (resolved !== has(c.resolution) || resolved !== has(c.resolvedAt)) v.push(`${c.status} and resolution disagree`);
  if (c.resolution && resolutionProblems(c.resolution).length) v.push(`invalid resolution: ${resolutionProblems(c.resolution).join('; ')}`);
  if ((c.status === 'CLOSED') !== has(c.closedAt)) v.push(`${c.status} and closedAt disagree`);
  if ((c.status === 'WITHDRAWN') !== has(c.withdrawnAt)) v.push(`${c.status} and withdrawnAt disagree`);
  if (c.status === 'REOPENED' && c.reopenCount < 1) v.push('REOPENED without a reopen count');
  if (new Set(c.escalatedDeadlines).size !== c.escalatedDeadlines.length || c.escalatedDeadlines.some((k) => !DEADLINE_KINDS.includes(k))) {
    v.push('escalated deadlines must be distinct deadline kinds');
  }
  if (c.escalatedDeadlines.length && !c.escalated) v.push('a deadline escalated without the ESCALATED flag');
  const times = [c.receivedAt, c.acknowledgedAt, c.resolvedAt, c.closedAt, c.updatedAt].filter((t): t is string => t !== undefined).map(Date.parse);
  if (times.some((t, i) => i > 0 && t < times[i - 1]!)) v.push('times run backwards (received ≤ acknowledged ≤ resolved ≤ closed ≤ updated)');
  return v;
};
