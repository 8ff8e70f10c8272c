import { describe, expect, it } from 'vitest';
import { assessBreaches } from '../../../shared/domain/complaints/breach';
import { type Complaint, dueTimesOf, receiveComplaint } from '../../../shared/domain/complaints/complaint';
import { complaintDeadlines } from '../../../shared/domain/complaints/deadlines';
import { DEFAULT_CALENDARS } from '../../../shared/domain/complaints/jurisdiction-calendars';
import { escalate, transition, type TransitionCommand } from '../../../shared/domain/complaints/lifecycle';
import { REGULATORY_REGIMES } from '../../../shared/domain/complaints/regulatory-limits';
import { DEFAULT_SERVICE_LEVELS, type Segment } from '../../../shared/domain/complaints/promised-service';

// An MGC complaint in China received Monday 3 March 2025, 10:00 Beijing time:
//   acknowledgement due Tuesday 4 March 17:00 (1 business day; the Order sets no acknowledgement period),
//   resolution due at the end of Thursday 13 March (10 days), regulatory limit end of Tuesday 18 March.
const promiseOf = (segment: Segment) => ({ segment, serviceLevels: DEFAULT_SERVICE_LEVELS });
const receivedAt = '2025-03-03T02:00:00.000Z';
const deadlines = complaintDeadlines({ receivedAt, promise: promiseOf('MGC'), regime: REGULATORY_REGIMES.CN, calendar: DEFAULT_CALENDARS.CN });
const ACK_DUE = '2025-03-04T09:00:00.000Z';
const RESOLUTION_DUE = '2025-03-13T15:59:59.999Z';
const REGULATORY_DUE = '2025-03-18T15:59:59.999Z';

const router = { role: 'SYSTEM', id: 'router' } as const;
const handler = { role: 'HANDLER', id: 'H-1', queues: ['PAYMENTS'] } as const;

const apply = (c: Complaint, ...commands: TransitionCommand[]) =>
  commands.reduce((acc, cmd) => {
    const r = transition(acc, cmd);
    if (!r.ok) throw new Error(r.rejection.reason);
    return r.complaint;
  }, c);

const routed = apply(receiveComplaint({ id: 'CMP-9', customerId: 'CUST-9', receivedAt }), {
  to: 'ROUTED',
  actor: router,
  at: '2025-03-03T02:01:00Z',
  routing: {
    category: 'TRANSFERS_AND_PAYMENTS',
    queue: 'PAYMENTS',
    assignee: { kind: 'QUEUE', queue: 'PAYMENTS' },
    priority: 'P2',
    severity: 'LOW',
    deadlines: dueTimesOf(deadlines),
  },
});

describe('breaches', () => {
  it('uses the deadlines the test expects', () => {
    expect(routed.deadlines).toEqual({
      ACKNOWLEDGEMENT: { dueAt: ACK_DUE, governedBy: 'SEGMENT_TARGET', regulatoryDueAt: REGULATORY_DUE },
      RESOLUTION: { dueAt: RESOLUTION_DUE, governedBy: 'SEGMENT_TARGET', regulatoryDueAt: REGULATORY_DUE },
    });
  });

  it('finds none up to and including the due time', () => {
    expect(assessBreaches(routed, ACK_DUE)).toEqual({ breaches: [] });
  });

  it('finds an unmet acknowledgement a millisecond later, and escalates it one priority step', () => {
    const result = assessBreaches(routed, '2025-03-04T09:00:00.001Z');
    expect(result.breaches).toEqual([{ kind: 'ACKNOWLEDGEMENT', dueAt: ACK_DUE, overdueMs: 1, regulatory: false }]);
    expect(result.escalation).toMatchObject({ deadlines: ['ACKNOWLEDGEMENT'], priority: { from: 'P2', to: 'P1' } });
  });

  it('escalates a breach once: applied, the same breach implies nothing more', () => {
    const now = '2025-03-05T00:00:00Z';
    const { escalation } = assessBreaches(routed, now);
    const applied = escalate(routed, { actor: router, at: now, reason: escalation!.reason, deadlines: escalation!.deadlines });
    expect(applied.ok && applied.complaint).toMatchObject({ escalated: true, priority: 'P1', version: routed.version + 1 });
    if (!applied.ok) return;
    const again = assessBreaches(applied.complaint, '2025-03-06T00:00:00Z');
    expect(again.breaches.map((b) => b.kind)).toEqual(['ACKNOWLEDGEMENT']);
    expect(again.escalation).toBeUndefined();
    // The resolution deadline, when it passes, escalates on its own.
    const later = assessBreaches(applied.complaint, '2025-03-17T09:30:00Z');
    expect(later.escalation?.deadlines).toEqual(['RESOLUTION']);
  });

  it('reports a deadline met late, without escalating it', () => {
    const late = apply(routed, { to: 'ACKNOWLEDGED', actor: handler, at: '2025-03-04T10:00:00Z' });
    const result = assessBreaches(late, '2025-03-05T00:00:00Z');
    expect(result.breaches).toEqual([{ kind: 'ACKNOWLEDGEMENT', dueAt: ACK_DUE, metAt: '2025-03-04T10:00:00.000Z', overdueMs: 3_600_000, regulatory: false }]);
    expect(result.escalation).toBeUndefined();
  });

  it('tells a missed service target from a missed regulatory limit', () => {
    const working = apply(
      routed,
      { to: 'ACKNOWLEDGED', actor: handler, at: '2025-03-03T03:00:00Z' },
      { to: 'IN_PROGRESS', actor: handler, at: '2025-03-03T04:00:00Z' },
    );
    expect(assessBreaches(working, '2025-03-18T00:00:00Z').breaches).toEqual([
      { kind: 'RESOLUTION', dueAt: RESOLUTION_DUE, overdueMs: Date.parse('2025-03-18T00:00:00Z') - Date.parse(RESOLUTION_DUE), regulatory: false },
    ]);
    const [regulatory] = assessBreaches(working, '2025-03-18T16:00:00Z').breaches;
    expect(regulatory).toMatchObject({ kind: 'RESOLUTION', regulatory: true });
  });

  it('stops the clocks when the customer withdraws, and escalates nothing after', () => {
    const withdrawnInTime = apply(routed, { to: 'WITHDRAWN', actor: { role: 'CUSTOMER', id: 'CUST-9' }, at: '2025-03-04T00:00:00Z' });
    expect(assessBreaches(withdrawnInTime, '2025-04-01T00:00:00Z')).toEqual({ breaches: [] });
    const withdrawnLate = apply(routed, { to: 'WITHDRAWN', actor: { role: 'CUSTOMER', id: 'CUST-9' }, at: '2025-03-05T09:00:00Z' });
    const result = assessBreaches(withdrawnLate, '2025-04-01T00:00:00Z');
    expect(result.breaches).toEqual([{ kind: 'ACKNOWLEDGEMENT', dueAt: ACK_DUE, overdueMs: 86_400_000, regulatory: false }]);
    expect(result.escalation).toBeUndefined();
  });

  it('finds nothing for a complaint without deadlines yet', () => {
    expect(assessBreaches(receiveComplaint({ id: 'X', customerId: 'C', receivedAt }), '2026-01-01T00:00:00Z')).toEqual({ breaches: [] });
  });
});
