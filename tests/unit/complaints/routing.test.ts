import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CATEGORY_DEFINITIONS, COMPLAINT_CATEGORIES, queueFor } from '../../../shared/domain/complaints/categories';
import { PRIORITIES, priorityFor, raisePriority } from '../../../shared/domain/complaints/priority';
import { routeComplaint, type RoutingInput } from '../../../shared/domain/complaints/routing';
import { SEGMENTS } from '../../../shared/domain/segment-parameters';
import { SEVERITIES } from '../../../shared/domain/complaints/severity';

describe('routing table', () => {
  it('sends each category to the queue MISSION.md names for it', () => {
    expect(Object.fromEntries(COMPLAINT_CATEGORIES.map((c) => [c, queueFor(c)]))).toEqual({
      UNAUTHORISED_TRANSACTION: 'DISPUTES',
      FEES_AND_CHARGES: 'ACCOUNTS',
      DIGITAL_ACCESS: 'DIGITAL',
      ATM_AND_CASH: 'CARDS_ATM',
      TRANSFERS_AND_PAYMENTS: 'PAYMENTS',
      LENDING_AND_CREDIT: 'LENDING',
      SERVICE_QUALITY: 'BRANCH_SERVICE',
      PRIVACY_AND_DATA: 'PRIVACY',
      MIS_SELLING: 'CONDUCT',
    });
  });

  it('flags privacy and conduct as regulatory, and only those', () => {
    const regulatory = COMPLAINT_CATEGORIES.filter((c) => CATEGORY_DEFINITIONS[c].regulatory);
    expect(regulatory).toEqual(['PRIVACY_AND_DATA', 'MIS_SELLING']);
  });
});

describe('priority', () => {
  it('starts from the segment: MVC P1, MGC P2, STANDARD and BZ P3', () => {
    expect(SEGMENTS.map((segment) => priorityFor({ segment, severity: 'LOW' }).priority)).toEqual(['P1', 'P2', 'P3', 'P3']);
  });

  it('is raised by severity: HIGH to at least P2, CRITICAL to P1', () => {
    expect(priorityFor({ segment: 'STANDARD', severity: 'MEDIUM' }).priority).toBe('P3');
    expect(priorityFor({ segment: 'STANDARD', severity: 'HIGH' })).toEqual({
      priority: 'P2',
      reasons: ['segment STANDARD: P3', 'severity HIGH raises P3 to P2'],
    });
    expect(priorityFor({ segment: 'BZ', severity: 'CRITICAL' }).priority).toBe('P1');
    expect(priorityFor({ segment: 'MGC', severity: 'HIGH' }).priority).toBe('P2');
  });

  it('is never lowered by severity', () => {
    for (const segment of SEGMENTS) {
      for (const severity of SEVERITIES) {
        const base = priorityFor({ segment, severity: 'LOW' }).priority;
        const got = priorityFor({ segment, severity }).priority;
        expect(PRIORITIES.indexOf(got)).toBeLessThanOrEqual(PRIORITIES.indexOf(base));
      }
    }
  });

  it('rises one step at a time and stops at P1', () => {
    expect(raisePriority('P3')).toBe('P2');
    expect(raisePriority('P2')).toBe('P1');
    expect(raisePriority('P1')).toBe('P1');
    expect(raisePriority('P3', 2)).toBe('P1');
  });
});

const input = (overrides: { complaint?: Partial<RoutingInput['complaint']>; customer?: Partial<RoutingInput['customer']> } = {}): RoutingInput => ({
  complaint: { receivedAt: '2025-06-10T09:00:00Z', description: 'My transfer has not arrived', ...overrides.complaint },
  customer: { segment: 'STANDARD', ...overrides.customer },
});

describe('routeComplaint', () => {
  it('routes an MVC complaint to the relationship manager, P1', () => {
    const decision = routeComplaint(input({ customer: { segment: 'MVC', relationshipManagerId: 'RM-7' } }));
    expect(decision).toMatchObject({
      category: 'TRANSFERS_AND_PAYMENTS',
      queue: 'PAYMENTS',
      priority: 'P1',
      assignee: { kind: 'RELATIONSHIP_MANAGER', managerId: 'RM-7', queue: 'PAYMENTS' },
    });
    expect(decision.reasons).toContain('assignee segment MVC: relationship manager RM-7');
  });

  it('routes an MVC complaint without a named manager to the queue, still P1', () => {
    const decision = routeComplaint(input({ customer: { segment: 'MVC' } }));
    expect(decision.assignee).toEqual({ kind: 'QUEUE', queue: 'PAYMENTS' });
    expect(decision.priority).toBe('P1');
  });

  it('routes other segments to the queue even when they have a manager on record', () => {
    for (const segment of ['MGC', 'STANDARD', 'BZ'] as const) {
      const decision = routeComplaint(input({ customer: { segment, relationshipManagerId: 'RM-7' } }));
      expect(decision.assignee).toEqual({ kind: 'QUEUE', queue: 'PAYMENTS' });
    }
  });

  it('takes the queue from the category, however the category was found', () => {
    expect(routeComplaint(input({ complaint: { category: 'MIS_SELLING' } })).queue).toBe('CONDUCT');
    expect(routeComplaint(input({ complaint: { description: '', cfpb: { product: 'Mortgage' } } })).queue).toBe('LENDING');
    expect(routeComplaint(input({ complaint: { description: '信用卡被盗刷' } })).queue).toBe('DISPUTES');
  });

  it('raises a STANDARD customer\'s fraud complaint to P2, and a critical one to P1 with an escalation', () => {
    const fraud = routeComplaint(input({ complaint: { description: 'Unauthorised payments on my card' } }));
    expect(fraud).toMatchObject({ category: 'UNAUTHORISED_TRANSACTION', priority: 'P2', escalate: false });
    expect(fraud.severity.severity).toBe('HIGH');

    const critical = routeComplaint(
      input({ complaint: { description: 'Unauthorised payments on my card, my lawyer is involved', disputedAmountReportingMinor: 9_000_000 } }),
    );
    expect(critical).toMatchObject({ priority: 'P1', escalate: true });
    expect(critical.severity.severity).toBe('CRITICAL');
    expect(critical.reasons).toContain('escalated at routing: severity CRITICAL');
  });

  it('carries reasons for category, severity, priority, queue and assignee', () => {
    const reasons = routeComplaint(input()).reasons;
    for (const prefix of ['category ', 'severity ', 'priority ', 'queue ', 'assignee ']) {
      expect(reasons.some((r) => r.startsWith(prefix)), prefix).toBe(true);
    }
  });

  it('never gives a priority below the segment default or the severity floor (any input)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...SEGMENTS),
        fc.string({ maxLength: 120 }),
        fc.boolean(),
        fc.option(fc.nat({ max: 20_000_000 }), { nil: undefined }),
        (segment, description, vulnerable, amount) => {
          const decision = routeComplaint(input({ complaint: { description, disputedAmountReportingMinor: amount }, customer: { segment, vulnerable } }));
          const segmentDefault = priorityFor({ segment, severity: 'LOW' }).priority;
          expect(PRIORITIES.indexOf(decision.priority)).toBeLessThanOrEqual(PRIORITIES.indexOf(segmentDefault));
          if (decision.severity.severity === 'CRITICAL') expect(decision.priority).toBe('P1');
          if (decision.severity.severity === 'HIGH') expect(decision.priority).not.toBe('P3');
          expect(decision.queue).toBe(queueFor(decision.category));
          expect(decision.assignee.queue).toBe(decision.queue);
        },
      ),
    );
  });
});
