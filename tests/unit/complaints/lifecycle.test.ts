import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type Complaint,
  COMPLAINT_STATUSES,
  type ComplaintStatus,
  complaintInvariantViolations,
  receiveComplaint,
} from '../../../shared/domain/complaints/complaint';
import {
  type Actor,
  ALLOWED_TRANSITIONS,
  escalate,
  type HistoryEntry,
  type RoutingOutcome,
  transition,
  type TransitionCommand,
} from '../../../shared/domain/complaints/lifecycle';
import type { Resolution } from '../../../shared/domain/complaints/resolution';

// The moves MISSION.md allows, written out independently of the implementation's table.
const EXPECTED_MOVES = new Set([
  'RECEIVED→ROUTED',
  'RECEIVED→WITHDRAWN',
  'ROUTED→ACKNOWLEDGED',
  'ROUTED→WITHDRAWN',
  'ACKNOWLEDGED→IN_PROGRESS',
  'ACKNOWLEDGED→RESOLVED',
  'ACKNOWLEDGED→WITHDRAWN',
  'IN_PROGRESS→RESOLVED',
  'IN_PROGRESS→WITHDRAWN',
  'RESOLVED→CLOSED',
  'RESOLVED→REOPENED',
  'CLOSED→REOPENED',
  'REOPENED→IN_PROGRESS',
  'REOPENED→WITHDRAWN',
]);

const T0 = '2025-06-02T01:00:00.000Z';
const owner: Actor = { role: 'CUSTOMER', id: 'CUST-1' };
const stranger: Actor = { role: 'CUSTOMER', id: 'CUST-2' };
const handler: Actor = { role: 'HANDLER', id: 'H-1', queues: ['PAYMENTS'] };
const colleague: Actor = { role: 'HANDLER', id: 'H-2', queues: ['PAYMENTS'] };
const otherTeam: Actor = { role: 'HANDLER', id: 'H-3', queues: ['LENDING'] };
const manager: Actor = { role: 'RELATIONSHIP_MANAGER', id: 'RM-1' };
const supervisor: Actor = { role: 'SUPERVISOR', id: 'S-1' };
const router: Actor = { role: 'SYSTEM', id: 'complaint-router' };
const ACTORS = [owner, stranger, handler, colleague, otherTeam, manager, supervisor, router];

const toQueue: RoutingOutcome = {
  category: 'TRANSFERS_AND_PAYMENTS',
  queue: 'PAYMENTS',
  assignee: { kind: 'QUEUE', queue: 'PAYMENTS' },
  priority: 'P3',
  severity: 'LOW',
};
const toManager: RoutingOutcome = { ...toQueue, priority: 'P1', assignee: { kind: 'RELATIONSHIP_MANAGER', managerId: 'RM-1', queue: 'PAYMENTS' } };

const explanation: Resolution = { code: 'CLOSED_WITH_EXPLANATION', summary: 'Payment traced; it arrived.' };
const refund: Resolution = { code: 'CLOSED_WITH_MONETARY_RELIEF', relief: { monetary: { minor: 2_500, currency: 'CNY' } } };
const RESOLUTIONS: Array<Resolution | undefined> = [
  explanation,
  refund,
  { code: 'CLOSED_WITH_NON_MONETARY_RELIEF', relief: { nonMonetary: 'Fee waived from next month' } },
  { code: 'IN_PROGRESS' }, // not final
  { code: 'CLOSED_WITH_MONETARY_RELIEF' }, // no amount
  { code: 'CLOSED_WITH_EXPLANATION', relief: { monetary: { minor: 100, currency: 'CNY' } } }, // relief under the wrong code
  undefined,
];

const fresh = () => receiveComplaint({ id: 'CMP-1', customerId: 'CUST-1', receivedAt: T0 });
const at = (minutes: number) => new Date(Date.parse(T0) + minutes * 60_000).toISOString();

const run = (start: Complaint, commands: TransitionCommand[]) =>
  commands.reduce<{ complaint: Complaint; history: HistoryEntry[]; rejections: string[] }>(
    (acc, cmd) => {
      const r = transition(acc.complaint, cmd);
      return r.ok
        ? { ...acc, complaint: r.complaint, history: [...acc.history, r.entry] }
        : { ...acc, rejections: [...acc.rejections, r.rejection.code] };
    },
    { complaint: start, history: [], rejections: [] },
  );

describe('the lifecycle, step by step', () => {
  it('goes RECEIVED → ROUTED → ACKNOWLEDGED → IN_PROGRESS → RESOLVED → CLOSED, keeping every step', () => {
    const { complaint, history, rejections } = run(fresh(), [
      { to: 'ROUTED', actor: router, at: at(1), routing: toQueue },
      { to: 'ACKNOWLEDGED', actor: handler, at: at(30), note: 'Called the customer' },
      { to: 'IN_PROGRESS', actor: handler, at: at(40) },
      { to: 'RESOLVED', actor: handler, at: at(600), resolution: refund },
      { to: 'CLOSED', actor: router.role === 'SYSTEM' ? { role: 'SYSTEM', id: 'auto-close' } : router, at: at(9000) },
    ]);
    expect(rejections).toEqual([]);
    expect(complaint).toMatchObject({
      status: 'CLOSED',
      version: 6,
      handlerId: 'H-1',
      acknowledgedAt: at(30),
      resolvedAt: at(600),
      closedAt: at(9000),
      resolution: refund,
    });
    expect(history.map((h) => `${h.from}→${h.to}`)).toEqual([
      'RECEIVED→ROUTED',
      'ROUTED→ACKNOWLEDGED',
      'ACKNOWLEDGED→IN_PROGRESS',
      'IN_PROGRESS→RESOLVED',
      'RESOLVED→CLOSED',
    ]);
    expect(history[1]).toMatchObject({ actor: { role: 'HANDLER', id: 'H-1' }, at: at(30), note: 'Called the customer', version: 3 });
    expect(history[3]?.resolution).toEqual(refund);
    expect(complaintInvariantViolations(complaint)).toEqual([]);
  });

  it('lets the customer reopen within 30 days of the resolution, and not after', () => {
    const resolved = run(fresh(), [
      { to: 'ROUTED', actor: router, at: at(1), routing: toQueue },
      { to: 'ACKNOWLEDGED', actor: handler, at: at(2) },
      { to: 'RESOLVED', actor: handler, at: at(3), resolution: explanation },
    ]).complaint;
    const thirtyDays = 30 * 24 * 60;
    const inTime = transition(resolved, { to: 'REOPENED', actor: owner, at: at(3 + thirtyDays), note: 'Still not arrived' });
    expect(inTime.ok && inTime.complaint).toMatchObject({ status: 'REOPENED', reopenCount: 1 });
    expect(inTime.ok && inTime.complaint.resolution).toBeUndefined();
    const late = transition(resolved, { to: 'REOPENED', actor: owner, at: at(4 + thirtyDays) });
    expect(late).toMatchObject({ ok: false, rejection: { code: 'REOPEN_WINDOW_CLOSED' } });
    // A closed complaint too, counted from the resolution, not the closing.
    const closed = transition(resolved, { to: 'CLOSED', actor: handler, at: at(thirtyDays) });
    expect(closed.ok).toBe(true);
    if (closed.ok) {
      expect(transition(closed.complaint, { to: 'REOPENED', actor: owner, at: at(3 + thirtyDays) }).ok).toBe(true);
      expect(transition(closed.complaint, { to: 'REOPENED', actor: owner, at: at(4 + thirtyDays) }).ok).toBe(false);
    }
  });

  it('lets the customer withdraw while an answer is owed, but not move it otherwise', () => {
    const routed = run(fresh(), [{ to: 'ROUTED', actor: router, at: at(1), routing: toQueue }]).complaint;
    expect(transition(routed, { to: 'ACKNOWLEDGED', actor: owner, at: at(2) })).toMatchObject({ ok: false, rejection: { code: 'ACTOR_NOT_ALLOWED' } });
    expect(transition(routed, { to: 'WITHDRAWN', actor: stranger, at: at(2) })).toMatchObject({ ok: false, rejection: { code: 'ACTOR_NOT_ALLOWED' } });
    const withdrawn = transition(routed, { to: 'WITHDRAWN', actor: owner, at: at(2) });
    expect(withdrawn.ok && withdrawn.complaint).toMatchObject({ status: 'WITHDRAWN', withdrawnAt: at(2) });
    if (withdrawn.ok) {
      expect(transition(withdrawn.complaint, { to: 'REOPENED', actor: owner, at: at(3) })).toMatchObject({
        ok: false,
        rejection: { code: 'INVALID_TRANSITION' },
      });
    }
  });

  it('lets only the handler who took it, the relationship manager or a supervisor move it', () => {
    const routed = run(fresh(), [{ to: 'ROUTED', actor: router, at: at(1), routing: toQueue }]).complaint;
    expect(transition(routed, { to: 'ACKNOWLEDGED', actor: otherTeam, at: at(2) })).toMatchObject({ ok: false, rejection: { code: 'ACTOR_NOT_ALLOWED' } });
    const taken = transition(routed, { to: 'ACKNOWLEDGED', actor: handler, at: at(2) });
    expect(taken.ok && taken.complaint.handlerId).toBe('H-1');
    if (!taken.ok) return;
    // Two handlers of the same queue: the one who took it first keeps it.
    expect(transition(taken.complaint, { to: 'IN_PROGRESS', actor: colleague, at: at(3) })).toMatchObject({ ok: false, rejection: { code: 'ACTOR_NOT_ALLOWED' } });
    expect(transition(taken.complaint, { to: 'IN_PROGRESS', actor: supervisor, at: at(3) }).ok).toBe(true);

    const forManager = run(fresh(), [{ to: 'ROUTED', actor: router, at: at(1), routing: toManager }]).complaint;
    expect(forManager.handlerId).toBe('RM-1');
    expect(transition(forManager, { to: 'ACKNOWLEDGED', actor: handler, at: at(2) }).ok).toBe(false);
    expect(transition(forManager, { to: 'ACKNOWLEDGED', actor: manager, at: at(2) }).ok).toBe(true);
  });

  it('routes only from the router or a supervisor, and only with a routing outcome', () => {
    expect(transition(fresh(), { to: 'ROUTED', actor: handler, at: at(1), routing: toQueue })).toMatchObject({ ok: false, rejection: { code: 'ACTOR_NOT_ALLOWED' } });
    expect(transition(fresh(), { to: 'ROUTED', actor: router, at: at(1) })).toMatchObject({ ok: false, rejection: { code: 'ROUTING_REQUIRED' } });
    const escalated = transition(fresh(), { to: 'ROUTED', actor: router, at: at(1), routing: { ...toQueue, escalate: true } });
    expect(escalated.ok && escalated.complaint.escalated).toBe(true);
  });

  it('needs a final CFPB response code, with relief that matches it, to resolve', () => {
    const acknowledged = run(fresh(), [
      { to: 'ROUTED', actor: router, at: at(1), routing: toQueue },
      { to: 'ACKNOWLEDGED', actor: handler, at: at(2) },
    ]).complaint;
    const resolve = (resolution?: Resolution) => transition(acknowledged, { to: 'RESOLVED', actor: handler, at: at(3), resolution });
    expect(resolve(undefined)).toMatchObject({ ok: false, rejection: { code: 'RESOLUTION_REQUIRED' } });
    expect(resolve({ code: 'IN_PROGRESS' })).toMatchObject({ ok: false, rejection: { code: 'INVALID_RESOLUTION' } });
    expect(resolve({ code: 'UNTIMELY_RESPONSE' })).toMatchObject({ ok: false, rejection: { code: 'INVALID_RESOLUTION' } });
    expect(resolve({ code: 'CLOSED_WITH_MONETARY_RELIEF' })).toMatchObject({ ok: false, rejection: { code: 'INVALID_RESOLUTION' } });
    expect(resolve({ code: 'CLOSED_WITH_MONETARY_RELIEF', relief: { monetary: { minor: 0, currency: 'CNY' } } }).ok).toBe(false);
    expect(resolve({ code: 'CLOSED_WITH_NON_MONETARY_RELIEF', relief: { nonMonetary: '  ' } }).ok).toBe(false);
    expect(resolve({ code: 'CLOSED_WITH_NON_MONETARY_RELIEF', relief: { nonMonetary: 'Credit file corrected' } }).ok).toBe(true);
    expect(resolve(refund).ok).toBe(true);
  });

  it('refuses a change dated before the latest one', () => {
    const routed = run(fresh(), [{ to: 'ROUTED', actor: router, at: at(10), routing: toQueue }]).complaint;
    expect(transition(routed, { to: 'ACKNOWLEDGED', actor: handler, at: at(9) })).toMatchObject({ ok: false, rejection: { code: 'OUT_OF_ORDER' } });
  });
});

describe('escalation', () => {
  const routed = run(fresh(), [{ to: 'ROUTED', actor: router, at: at(1), routing: toQueue }]).complaint;

  it('flags the complaint, raises its priority one step, and counts as a version', () => {
    const r = escalate(routed, { actor: router, at: at(5), reason: 'acknowledgement overdue', deadlines: ['ACKNOWLEDGEMENT'] });
    expect(r.ok && r.complaint).toMatchObject({ escalated: true, priority: 'P2', version: routed.version + 1, status: 'ROUTED', escalatedDeadlines: ['ACKNOWLEDGEMENT'] });
    expect(r.ok && r.entry).toMatchObject({ kind: 'ESCALATION', from: 'ROUTED', to: 'ROUTED', escalation: { priority: { from: 'P3', to: 'P2' } } });
    if (!r.ok) return;
    // The same breach does not escalate twice; a new one does.
    expect(escalate(r.complaint, { actor: router, at: at(6), reason: 'again', deadlines: ['ACKNOWLEDGEMENT'] })).toMatchObject({
      ok: false,
      rejection: { code: 'NOTHING_TO_ESCALATE' },
    });
    const second = escalate(r.complaint, { actor: router, at: at(7), reason: 'resolution overdue', deadlines: ['RESOLUTION'] });
    expect(second.ok && second.complaint.priority).toBe('P1');
  });

  it('is refused to customers and on complaints no longer owed an answer', () => {
    expect(escalate(routed, { actor: owner, at: at(5), reason: 'please' })).toMatchObject({ ok: false, rejection: { code: 'ACTOR_NOT_ALLOWED' } });
    const withdrawn = run(routed, [{ to: 'WITHDRAWN', actor: owner, at: at(2) }]).complaint;
    expect(escalate(withdrawn, { actor: router, at: at(5), reason: 'late' })).toMatchObject({ ok: false, rejection: { code: 'NOT_OPEN' } });
  });
});

describe('the state machine over random sequences of moves', () => {
  type Step =
    | { kind: 'move'; pick: number; followTable: boolean; actor: number; minutes: number; note: boolean; resolution: number; routing: number }
    | { kind: 'escalate'; actor: number; minutes: number; deadline: number };

  const step: fc.Arbitrary<Step> = fc.oneof(
    {
      weight: 9,
      arbitrary: fc.record({
        kind: fc.constant('move' as const),
        pick: fc.nat(),
        followTable: fc.oneof({ weight: 3, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
        // Anyone (an index), or -1: someone who would normally make this move, so that the walk gets deep
        // into the lifecycle instead of dying on refusals. Generation bias only: the checks are the same.
        actor: fc.oneof({ weight: 1, arbitrary: fc.nat({ max: ACTORS.length - 1 }) }, { weight: 3, arbitrary: fc.constant(-1) }),
        // Mostly forward in time, sometimes backwards, sometimes far ahead (past the reopen window).
        minutes: fc.oneof(
          { weight: 6, arbitrary: fc.integer({ min: 0, max: 600 }) },
          { weight: 1, arbitrary: fc.integer({ min: -120, max: -1 }) },
          { weight: 1, arbitrary: fc.integer({ min: 20_000, max: 60_000 }) },
        ),
        note: fc.boolean(),
        resolution: fc.oneof({ weight: 1, arbitrary: fc.nat({ max: RESOLUTIONS.length - 1 }) }, { weight: 2, arbitrary: fc.nat({ max: 2 }) }),
        routing: fc.nat({ max: 2 }),
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        kind: fc.constant('escalate' as const),
        actor: fc.nat({ max: ACTORS.length - 1 }),
        minutes: fc.integer({ min: 0, max: 600 }),
        deadline: fc.nat({ max: 2 }),
      }),
    },
  );

  const usualActorFor = (complaint: Complaint, to: ComplaintStatus): Actor => {
    if (to === 'ROUTED') return router;
    if (to === 'WITHDRAWN' || to === 'REOPENED') return owner;
    if (complaint.handlerId === manager.id) return manager;
    return handler;
  };

  it('never reaches an invalid state; history length = accepted moves; version rises by one per accepted move', () => {
    const reached = new Set<ComplaintStatus>(['RECEIVED']);
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 40 }), (steps) => {
        let complaint = fresh();
        let clock = 0;
        const history: HistoryEntry[] = [];
        for (const s of steps) {
          clock += s.minutes;
          const before = complaint;
          const snapshot = structuredClone(before);
          let result;
          let actor = ACTORS[Math.max(0, s.actor)]!;
          if (s.kind === 'move') {
            const choices = s.followTable && ALLOWED_TRANSITIONS[before.status].length ? ALLOWED_TRANSITIONS[before.status] : COMPLAINT_STATUSES;
            const to = choices[s.pick % choices.length]!;
            if (s.actor === -1) actor = usualActorFor(before, to);
            result = transition(before, {
              to,
              actor,
              at: at(clock),
              note: s.note ? 'note' : undefined,
              resolution: RESOLUTIONS[s.resolution],
              routing: [toQueue, toManager, undefined][s.routing],
            });
          } else {
            result = escalate(before, { actor, at: at(clock), reason: 'overdue', deadlines: [[], ['ACKNOWLEDGEMENT' as const], ['RESOLUTION' as const]][s.deadline] });
          }

          // A refused move changes nothing.
          expect(before).toEqual(snapshot);
          if (!result.ok) continue;

          const next = result.complaint;
          complaint = next;
          history.push(result.entry);
          reached.add(next.status);
          expect(complaintInvariantViolations(next)).toEqual([]);
          expect(next.version).toBe(before.version + 1);
          expect(result.entry.version).toBe(next.version);
          expect(Date.parse(next.updatedAt)).toBeGreaterThanOrEqual(Date.parse(before.updatedAt));
          if (result.entry.kind === 'ESCALATION') {
            expect(next.status).toBe(before.status);
            expect(next.escalated).toBe(true);
            continue;
          }
          expect(EXPECTED_MOVES.has(`${before.status}→${next.status}`), `${before.status}→${next.status}`).toBe(true);
          if (actor.role === 'CUSTOMER') {
            expect(actor.id).toBe(before.customerId);
            expect(['WITHDRAWN', 'REOPENED']).toContain(next.status);
          }
          if (actor.role === 'HANDLER' || actor.role === 'RELATIONSHIP_MANAGER') expect(next.handlerId).toBe(actor.id);
          if (next.status === 'ROUTED') expect(['SYSTEM', 'SUPERVISOR']).toContain(actor.role);
          if (next.status === 'REOPENED') {
            expect(Date.parse(next.updatedAt) - Date.parse(before.resolvedAt!)).toBeLessThanOrEqual(30 * 86_400_000);
          }
          if (before.escalated) expect(next.escalated).toBe(true); // the flag, once set, stays
        }
        expect(complaint.version).toBe(1 + history.length);
        expect(history.map((h) => h.version)).toEqual(history.map((_, i) => i + 2));
      }),
      { numRuns: 400 },
    );
    // The generator must have driven the machine through every status, or the property proves little.
    expect([...reached].sort()).toEqual([...COMPLAINT_STATUSES].sort());
  });
});
