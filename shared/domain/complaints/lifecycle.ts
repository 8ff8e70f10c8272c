// The complaint lifecycle (MISSION.md, "Lifecycle of a complaint"):
//
//   RECEIVED → ROUTED → ACKNOWLEDGED → IN_PROGRESS → RESOLVED → CLOSED
//                            └──────────────────────────↗   │        │
//   REOPENED (within 30 days of resolution) ←──────────────┴────────┘ → IN_PROGRESS
//   WITHDRAWN, by the customer, from any state in which an answer is still owed
//
// ESCALATED is a flag set beside the status (on a breached deadline or at routing for severity), not a
// status: an escalated complaint still moves on. Every accepted change returns the next complaint (its
// version one higher) and the history entry to keep; a refused one returns why, and changes nothing.
import { DAY_MS } from './business-calendar';
import type { ComplaintCategory, ComplaintQueue } from './categories';
import {
  type Complaint,
  type ComplaintDueTimes,
  type ComplaintStatus,
  isOpen,
} from './complaint';
import type { DeadlineKind } from './deadlines';
import { mostUrgent, type Priority, raisePriority } from './priority';
import { type Resolution, resolutionProblems } from './resolution';
import type { Assignee } from './routing';
import type { Severity } from './severity';

export const ACTOR_ROLES = ['CUSTOMER', 'HANDLER', 'RELATIONSHIP_MANAGER', 'SUPERVISOR', 'SYSTEM'] as const;
export type ActorRole = (typeof ACTOR_ROLES)[number];

export interface Actor {
  readonly role: ActorRole;
  readonly id: string;
  /** The queues a handler works (from their token or the staff directory). */
  readonly queues?: readonly ComplaintQueue[];
}

/** What the router decided, carried by the move to ROUTED. */
export interface RoutingOutcome {
  readonly category: ComplaintCategory;
  readonly queue: ComplaintQueue;
  readonly assignee: Assignee;
  readonly priority: Priority;
  readonly severity: Severity;
  readonly deadlines?: ComplaintDueTimes;
  /** Escalate at once (a severe complaint). */
  readonly escalate?: boolean;
}

export interface TransitionCommand {
  readonly to: ComplaintStatus;
  readonly actor: Actor;
  readonly at: string;
  readonly note?: string;
  /** Required to resolve. */
  readonly resolution?: Resolution;
  /** Required to route. */
  readonly routing?: RoutingOutcome;
  /** New due times for a reopened complaint; without them the earlier ones still run. */
  readonly deadlines?: ComplaintDueTimes;
}

export interface HistoryEntry {
  readonly complaintId: string;
  /** The complaint's version after this change. */
  readonly version: number;
  readonly kind: 'TRANSITION' | 'ESCALATION';
  readonly from: ComplaintStatus;
  readonly to: ComplaintStatus;
  readonly actor: { readonly role: ActorRole; readonly id: string };
  readonly at: string;
  readonly note?: string;
  readonly resolution?: Resolution;
  readonly routing?: RoutingOutcome;
  readonly escalation?: { readonly deadlines: readonly DeadlineKind[]; readonly priority: { readonly from?: Priority; readonly to: Priority } };
}

export const REJECTION_CODES = [
  'INVALID_TRANSITION',
  'ACTOR_NOT_ALLOWED',
  'REOPEN_WINDOW_CLOSED',
  'RESOLUTION_REQUIRED',
  'INVALID_RESOLUTION',
  'ROUTING_REQUIRED',
  'OUT_OF_ORDER',
  'NOT_OPEN',
  'NOTHING_TO_ESCALATE',
] as const;
export type RejectionCode = (typeof REJECTION_CODES)[number];

export interface Rejection {
  readonly code: RejectionCode;
  readonly reason: string;
}

export type TransitionResult =
  | { readonly ok: true; readonly complaint: Complaint; readonly entry: HistoryEntry }
  | { readonly ok: false; readonly rejection: Rejection };

/** The moves the lifecycle allows, whoever makes them. */
export const ALLOWED_TRANSITIONS: Readonly<Record<ComplaintStatus, readonly ComplaintStatus[]>> = {
  RECEIVED: ['ROUTED', 'WITHDRAWN'],
  ROUTED: ['ACKNOWLEDGED', 'WITHDRAWN'],
  // A simple complaint can be answered straight after acknowledging it (the UK's summary resolution).
  ACKNOWLEDGED: ['IN_PROGRESS', 'RESOLVED', 'WITHDRAWN'],
  IN_PROGRESS: ['RESOLVED', 'WITHDRAWN'],
  RESOLVED: ['CLOSED', 'REOPENED'],
  CLOSED: ['REOPENED'],
  REOPENED: ['IN_PROGRESS', 'WITHDRAWN'],
  WITHDRAWN: [],
};

export const REOPEN_WINDOW_DAYS = 30;

const reject = (code: RejectionCode, reason: string): TransitionResult => ({ ok: false, rejection: { code, reason } });

const isStaff = (role: ActorRole) => role === 'HANDLER' || role === 'RELATIONSHIP_MANAGER' || role === 'SUPERVISOR';

/**
 * Whether a member of staff may work this complaint: a supervisor always; otherwise the handler who has
 * it, or the relationship manager it is assigned to; a complaint still waiting in its queue may be taken
 * by a handler of that queue (who then becomes its handler).
 */
export const staffMayWork = (complaint: Complaint, actor: Actor): { allowed: boolean; claims: boolean } => {
  if (actor.role === 'SUPERVISOR') return { allowed: true, claims: false };
  if (!isStaff(actor.role)) return { allowed: false, claims: false };
  if (complaint.handlerId !== undefined) return { allowed: complaint.handlerId === actor.id, claims: false };
  const a = complaint.assignee;
  if (a?.kind === 'RELATIONSHIP_MANAGER') return { allowed: a.managerId === actor.id, claims: false };
  if (a?.kind === 'QUEUE' && actor.role === 'HANDLER' && actor.queues?.includes(a.queue)) return { allowed: true, claims: true };
  return { allowed: false, claims: false };
};

const authorise = (complaint: Complaint, command: TransitionCommand): { rejection?: Rejection; claims: boolean } => {
  const { actor, to } = command;
  const refuse = (reason: string) => ({ rejection: { code: 'ACTOR_NOT_ALLOWED' as const, reason }, claims: false });
  if (to === 'ROUTED') {
    return actor.role === 'SYSTEM' || actor.role === 'SUPERVISOR' ? { claims: false } : refuse('only the router or a supervisor routes a complaint');
  }
  if (actor.role === 'CUSTOMER') {
    if (actor.id !== complaint.customerId) return refuse('a customer may act on their own complaints only');
    return to === 'WITHDRAWN' || to === 'REOPENED' ? { claims: false } : refuse('a customer may only withdraw or reopen a complaint');
  }
  if (to === 'WITHDRAWN') {
    // Staff record a withdrawal the customer made in branch or by phone; only a supervisor, with a note,
    // so that a withdrawal can never be a handler's way out of a deadline.
    return actor.role === 'SUPERVISOR' && command.note?.trim() ? { claims: false } : refuse('only the customer, or a supervisor recording it with a note, withdraws a complaint');
  }
  if (actor.role === 'SYSTEM') {
    return to === 'CLOSED' ? { claims: false } : refuse('the system may only route or close a complaint');
  }
  const may = staffMayWork(complaint, actor);
  return may.allowed ? { claims: may.claims } : refuse(`${actor.role} ${actor.id} is neither the complaint's handler or manager nor a supervisor`);
};

export const transition = (complaint: Complaint, command: TransitionCommand): TransitionResult => {
  const { to, actor } = command;
  const from = complaint.status;
  const atMs = Date.parse(command.at);
  if (Number.isNaN(atMs)) return reject('OUT_OF_ORDER', `not an instant: ${command.at}`);
  if (atMs < Date.parse(complaint.updatedAt)) return reject('OUT_OF_ORDER', `${command.at} is before the latest change at ${complaint.updatedAt}`);
  if (!ALLOWED_TRANSITIONS[from].includes(to)) {
    const allowed = ALLOWED_TRANSITIONS[from];
    return reject('INVALID_TRANSITION', `${from} → ${to} is not a valid move; from ${from}: ${allowed.length ? allowed.join(', ') : 'none (final)'}`);
  }
  const auth = authorise(complaint, command);
  if (auth.rejection) return { ok: false, rejection: auth.rejection };

  const at = new Date(atMs).toISOString();
  let next: Complaint = { ...complaint, status: to, version: complaint.version + 1, updatedAt: at };
  if (auth.claims) next = { ...next, handlerId: actor.id };

  switch (to) {
    case 'ROUTED': {
      const r = command.routing;
      if (!r) return reject('ROUTING_REQUIRED', 'routing needs the category, queue, assignee, priority and severity');
      if (r.assignee.queue !== r.queue) return reject('ROUTING_REQUIRED', 'the assignee must belong to the routed queue');
      next = {
        ...next,
        category: r.category,
        queue: r.queue,
        assignee: r.assignee,
        // An escalation before routing (a complaint left unrouted past its deadline) keeps its raise.
        priority: complaint.priority ? mostUrgent(r.priority, complaint.priority) : r.priority,
        severity: r.severity,
        ...(r.assignee.kind === 'RELATIONSHIP_MANAGER' ? { handlerId: r.assignee.managerId } : {}),
        ...(r.deadlines ? { deadlines: r.deadlines } : {}),
        escalated: complaint.escalated || (r.escalate ?? false),
      };
      break;
    }
    case 'ACKNOWLEDGED':
      next = { ...next, acknowledgedAt: at };
      break;
    case 'RESOLVED': {
      if (!command.resolution) return reject('RESOLUTION_REQUIRED', 'a resolution needs a response code and any relief given');
      const problems = resolutionProblems(command.resolution);
      if (problems.length) return reject('INVALID_RESOLUTION', problems.join('; '));
      next = { ...next, resolution: command.resolution, resolvedAt: at };
      break;
    }
    case 'CLOSED':
      next = { ...next, closedAt: at };
      break;
    case 'REOPENED': {
      const resolvedAt = Date.parse(complaint.resolvedAt!);
      if (atMs - resolvedAt > REOPEN_WINDOW_DAYS * DAY_MS) {
        return reject('REOPEN_WINDOW_CLOSED', `resolved at ${complaint.resolvedAt}: a complaint may be reopened within ${REOPEN_WINDOW_DAYS} days of its resolution`);
      }
      // The resolution given stays in the history; the complaint is owed a new one.
      const { resolution: _r, resolvedAt: _ra, closedAt: _c, ...rest } = next;
      next = {
        ...rest,
        reopenCount: complaint.reopenCount + 1,
        ...(command.deadlines ? { deadlines: command.deadlines, escalatedDeadlines: [] } : {}),
      };
      break;
    }
    case 'WITHDRAWN':
      next = { ...next, withdrawnAt: at };
      break;
    case 'IN_PROGRESS':
    case 'RECEIVED':
      break;
  }

  return {
    ok: true,
    complaint: next,
    entry: {
      complaintId: complaint.id,
      version: next.version,
      kind: 'TRANSITION',
      from,
      to,
      actor: { role: actor.role, id: actor.id },
      at,
      ...(command.note ? { note: command.note } : {}),
      ...(to === 'RESOLVED' ? { resolution: command.resolution } : {}),
      ...(to === 'ROUTED' ? { routing: command.routing } : {}),
    },
  };
};

export interface EscalationCommand {
  readonly actor: Actor;
  readonly at: string;
  readonly reason: string;
  /** The breached deadlines this escalation answers (none for an escalation on severity). */
  readonly deadlines?: readonly DeadlineKind[];
}

/**
 * Flag a complaint ESCALATED and raise its priority one step (P3 → P2 → P1). A breach escalates once per
 * deadline: a deadline already escalated is not escalated again, so a scheduler may run as often as it likes.
 */
export const escalate = (complaint: Complaint, command: EscalationCommand): TransitionResult => {
  const { actor } = command;
  const atMs = Date.parse(command.at);
  if (Number.isNaN(atMs) || atMs < Date.parse(complaint.updatedAt)) return reject('OUT_OF_ORDER', `${command.at} is before the latest change at ${complaint.updatedAt}`);
  if (!isOpen(complaint.status)) return reject('NOT_OPEN', `a ${complaint.status} complaint is not escalated`);
  if (actor.role === 'CUSTOMER') return reject('ACTOR_NOT_ALLOWED', 'a customer cannot escalate a complaint internally');
  if (actor.role !== 'SYSTEM' && !staffMayWork(complaint, actor).allowed) {
    return reject('ACTOR_NOT_ALLOWED', `${actor.role} ${actor.id} is neither the complaint's handler or manager nor a supervisor`);
  }
  const fresh = [...new Set(command.deadlines ?? [])].filter((k) => !complaint.escalatedDeadlines.includes(k));
  if (command.deadlines?.length ? fresh.length === 0 : complaint.escalated) {
    return reject('NOTHING_TO_ESCALATE', command.deadlines?.length ? 'these breaches were already escalated' : 'already escalated');
  }
  const at = new Date(atMs).toISOString();
  const priority = raisePriority(complaint.priority ?? 'P3');
  const next: Complaint = {
    ...complaint,
    version: complaint.version + 1,
    updatedAt: at,
    escalated: true,
    priority,
    escalatedDeadlines: [...complaint.escalatedDeadlines, ...fresh],
  };
  return {
    ok: true,
    complaint: next,
    entry: {
      complaintId: complaint.id,
      version: next.version,
      kind: 'ESCALATION',
      from: complaint.status,
      to: complaint.status,
      actor: { role: actor.role, id: actor.id },
      at,
      note: command.reason,
      escalation: { deadlines: fresh, priority: { ...(complaint.priority ? { from: complaint.priority } : {}), to: priority } },
    },
  };
};
