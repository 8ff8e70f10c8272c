// The customer 360 and /me fill segment, manager and tier from the stored assignment: staff see the
// segment and the named manager; the customer sees a tier, and a below-zero customer the same tier as
// a standard one.
import { describe, expect, it } from 'vitest';
import { customerView, myEssentials, type AssignmentSummary } from '../../../functions/customer-api/customer-views';
import { CustomerView } from '../../../shared/contracts/api/customer-view';
import { MyEssentials } from '../../../shared/contracts/api/my-essentials';
import { DEFAULT_SEGMENT_PARAMETERS } from '../../../shared/domain/segment-parameters';
import { customerServiceTier } from '../../../shared/domain/service-entitlements';

const levels = DEFAULT_SEGMENT_PARAMETERS.serviceLevels;

const records = { accounts: [{ PK: 'p', SK: 'ACCOUNT#A-1', accountId: 'A-1', product: 'SAVINGS', currency: 'CNY', status: 'OPEN' as const, openedOn: '2026-01-01' }] };
const assigned = (segment: AssignmentSummary['segment'], manager: AssignmentSummary['manager']): AssignmentSummary => ({ segment, manager, assignedAt: '2026-11-02T02:00:00.000Z' });

describe('segment in the customer 360 and /me', () => {
  it('shows staff the segment and the named manager', () => {
    const view = CustomerView.parse(customerView('C-1', records, assigned('MVC', { kind: 'NAMED', managerId: 'RM-1', branchId: 'BR-1' })));
    expect(view.segment).toEqual({ code: 'MVC', assignedAt: '2026-11-02T02:00:00.000Z' });
    expect(view.relationshipManager).toEqual({ managerId: 'RM-1', branchId: 'BR-1' });
  });

  it('tells the customer a tier and the manager, never the segment', () => {
    const me = MyEssentials.parse(myEssentials('C-1', records, levels, assigned('MVC', { kind: 'NAMED', managerId: 'RM-1', branchId: 'BR-1' })));
    expect(me.serviceTier).toBe('PREMIER');
    expect(me.relationshipManager).toEqual({ managerId: 'RM-1', branchId: 'BR-1' });
    expect(MyEssentials.parse(myEssentials('C-1', records, levels, assigned('MGC', { kind: 'GROWTH_DESK_POOL' }))).serviceTier).toBe('ADVANCE');
  });

  it('shows the same tier code as /me/service-tier, as configured, for every segment and none', () => {
    const renamed = { ...levels, MGC: { ...levels.MGC, tier: { code: 'GOLD', name: { en: 'Gold', zh: '金卡' } } } };
    for (const segment of ['MVC', 'MGC', 'BZ', 'STANDARD'] as const) {
      const me = myEssentials('C-1', records, renamed, assigned(segment, { kind: 'TEAM_QUEUE' }));
      expect(me.serviceTier, segment).toBe(customerServiceTier(segment, renamed).tier.code);
    }
    expect(myEssentials('C-1', records, renamed).serviceTier).toBe('CLASSIC');
  });

  it('gives a below-zero customer exactly what a standard customer gets', () => {
    const bz = myEssentials('C-1', records, levels, assigned('BZ', { kind: 'TEAM_QUEUE' }));
    const standard = myEssentials('C-1', records, levels, assigned('STANDARD', { kind: 'TEAM_QUEUE' }));
    expect(bz).toEqual(standard);
    expect(JSON.stringify(bz)).not.toMatch(/BZ|segment/);
    expect(customerView('C-1', records).segment).toBeNull();
  });
});
