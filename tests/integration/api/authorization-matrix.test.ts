// Who may see what, over HTTP with real tokens: role × route × customer → status, under need-to-know
// (shared/data-protection/need-to-know.ts). A caller asking for a customer outside its scope gets 404,
// the same answer as for a customer that does not exist; break-glass reaches beyond, with a reason.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleDetails } from '../../../shared/contracts/events/examples';
import { SegmentRoster } from '../../../shared/adapters/segment-roster';
import { SegmentStore } from '../../../shared/adapters/segment-store';
import { PseudonymisedCustomerView } from '../../../shared/contracts/api/customer-view';
import type { Role } from '../../../shared/contracts/api/roles';
import { pseudonymiser } from '../../../shared/data-protection/pseudonyms';
import { dynamoDb, TEST_PSEUDONYM_KEY } from '../../support/local-aws';
import { storeFirstAssignment } from '../segmentation/segmentation-support';
import { OTHER, OWNER, otherEvents, ownerEvents, personalValues, UNKNOWN, type FixtureEvent } from './customer-fixtures';
import { startCustomerApi, type CustomerApiHarness } from './customer-api-harness';

/** A customer of another branch, with a named manager: in nobody's branch scope here, in RM-FAR's portfolio. */
const FAR = 'C-API-FAR';
const farEvents: FixtureEvent[] = [
  {
    detailType: 'CustomerOnboarded',
    detail: { ...exampleDetails.CustomerOnboarded, customerId: FAR, eventId: 'far-onb', profile: { ...(exampleDetails.CustomerOnboarded.profile as object), homeBranchId: 'BR-BJ-009' } },
  },
];

let api: CustomerApiHarness;
beforeAll(async () => {
  api = await startCustomerApi({ events: [...ownerEvents(), ...otherEvents(), ...farEvents] });
  await new SegmentRoster(dynamoDb(), process.env.TABLE_NAME!).put('BR-BJ-009', 'RM-FAR', { name: 'Far Manager', capacity: 10 });
  await storeFirstAssignment(new SegmentStore(dynamoDb(), process.env.TABLE_NAME!), {
    customerId: FAR,
    branchId: 'BR-BJ-009',
    trailing12Minor: 5_000_000,
    manager: { kind: 'NAMED', managerId: 'RM-FAR', branchId: 'BR-BJ-009' },
  });
}, 180_000);
afterAll(() => api?.stop());

const REASON = 'Customer called about a suspected fraud on the card, ticket INC-4411';

type Caller =
  | 'customer'
  | 'customer without customerId'
  | 'branch manager'
  | 'portfolio manager'
  | 'manager without scope'
  | Exclude<Role, 'customer' | 'relationship-manager'>
  | 'no group'
  | 'analyst and customer'
  | 'no token';
type Route = '360' | 'timeline' | 'me' | 'openapi' | 'my accesses' | 'compliance by customer';
type Target = 'own' | 'other' | 'far' | 'unknown' | '-';

const TARGET_ID: Record<Exclude<Target, '-'>, string> = { own: OWNER, other: OTHER, far: FAR, unknown: UNKNOWN };
const path = (route: Route, target: Target) => {
  const id = TARGET_ID[target as Exclude<Target, '-'>];
  switch (route) {
    case 'me':
      return '/me';
    case 'openapi':
      return '/openapi.json';
    case 'my accesses':
      return '/me/accesses';
    case 'compliance by customer':
      return `/compliance/customers/${id}/accesses`;
    default:
      return `/customers/${id}${route === 'timeline' ? '/timeline' : ''}`;
  }
};

const subjectOf = (caller: Caller) => `sub-${caller.replace(/ /g, '-')}`;
const token = (caller: Caller): string | undefined => {
  const subject = subjectOf(caller);
  switch (caller) {
    case 'no token':
      return undefined;
    case 'customer':
      return api.token({ groups: ['customer'], customerId: OWNER, subject });
    case 'customer without customerId':
      return api.token({ groups: ['customer'], subject });
    case 'branch manager':
      return api.token({ groups: ['relationship-manager'], subject, claims: { 'custom:branchId': 'BR-SH-002', 'custom:managerId': 'RM-SH-1' } });
    case 'portfolio manager':
      return api.token({ groups: ['relationship-manager'], subject, claims: { 'custom:branchId': 'BR-GZ-001', 'custom:managerId': 'RM-FAR' } });
    case 'manager without scope':
      return api.token({ groups: ['relationship-manager'], subject });
    case 'complaint-handler':
      return api.token({ groups: ['complaint-handler'], subject, claims: { 'custom:complaintQueues': 'ACCOUNTS,CARDS' } });
    case 'no group':
      return api.token({ groups: [], subject });
    case 'analyst and customer':
      return api.token({ groups: ['analyst', 'customer'], customerId: OWNER, subject });
    default:
      return api.token({ groups: [caller], subject });
  }
};

type Row = [Caller, Route, Target, 'plain' | 'break-glass', number];
const staffBeyondScope = (caller: Caller): Row[] => [
  [caller, '360', 'own', 'plain', 404],
  [caller, '360', 'far', 'plain', 404],
  [caller, '360', 'unknown', 'plain', 404],
  [caller, 'timeline', 'own', 'plain', 404],
  [caller, '360', 'own', 'break-glass', 200],
  [caller, 'timeline', 'far', 'break-glass', 200],
  [caller, '360', 'unknown', 'break-glass', 404],
  [caller, 'me', '-', 'plain', 403],
  [caller, 'my accesses', '-', 'plain', 403],
  [caller, 'compliance by customer', 'own', 'plain', 403],
];

const matrix: Row[] = [
  ['customer', '360', 'own', 'plain', 403],
  ['customer', '360', 'other', 'plain', 404],
  ['customer', '360', 'unknown', 'plain', 404],
  ['customer', 'timeline', 'other', 'plain', 404],
  // Break-glass is a staff procedure: a customer's reason opens nothing.
  ['customer', '360', 'other', 'break-glass', 404],
  ['customer', 'me', '-', 'plain', 200],
  ['customer', 'my accesses', '-', 'plain', 200],
  ['customer', 'compliance by customer', 'own', 'plain', 403],
  ['customer', 'openapi', '-', 'plain', 200],
  ['customer without customerId', 'me', '-', 'plain', 403],
  ['customer without customerId', '360', 'other', 'plain', 404],
  // Branch: the home branch in the profile (custom:branchId).
  ['branch manager', '360', 'own', 'plain', 200],
  ['branch manager', '360', 'other', 'plain', 200],
  ['branch manager', 'timeline', 'other', 'plain', 200],
  ['branch manager', '360', 'far', 'plain', 404],
  ['branch manager', '360', 'unknown', 'plain', 404],
  ['branch manager', '360', 'far', 'break-glass', 200],
  ['branch manager', 'me', '-', 'plain', 403],
  // Portfolio: the named manager of the segment assignment (custom:managerId).
  ['portfolio manager', '360', 'far', 'plain', 200],
  ['portfolio manager', 'timeline', 'far', 'plain', 200],
  ['portfolio manager', '360', 'own', 'plain', 404],
  ...staffBeyondScope('manager without scope'),
  ...staffBeyondScope('complaint-handler'),
  ...staffBeyondScope('admin'),
  // Analysts: the pseudonymised 360 of anyone; the timeline has no pseudonymised view.
  ['analyst', '360', 'own', 'plain', 200],
  ['analyst', '360', 'far', 'plain', 200],
  ['analyst', '360', 'unknown', 'plain', 404],
  ['analyst', 'timeline', 'own', 'plain', 404],
  ['analyst', 'timeline', 'own', 'break-glass', 200],
  ['analyst', 'me', '-', 'plain', 403],
  // Compliance reads the access record, not customers' records.
  ['compliance', '360', 'own', 'plain', 403],
  ['compliance', '360', 'own', 'break-glass', 403],
  ['compliance', 'timeline', 'own', 'plain', 403],
  ['compliance', 'me', '-', 'plain', 403],
  ['compliance', 'my accesses', '-', 'plain', 403],
  ['compliance', 'compliance by customer', 'own', 'plain', 200],
  ['compliance', 'compliance by customer', 'unknown', 'plain', 200],
  // A token that mixes the customer group with a staff group grants nothing (shared/http/caller.ts).
  ['analyst and customer', '360', 'other', 'plain', 403],
  ['analyst and customer', 'me', '-', 'plain', 403],
  ['no group', '360', 'own', 'plain', 403],
  ['no group', 'me', '-', 'plain', 403],
  ['no token', '360', 'own', 'plain', 401],
  ['no token', 'timeline', 'own', 'plain', 401],
  ['no token', 'me', '-', 'plain', 401],
  ['no token', 'my accesses', '-', 'plain', 401],
  ['no token', 'compliance by customer', 'own', 'plain', 401],
  ['no token', 'openapi', '-', 'plain', 200],
];

const call = (caller: Caller, route: Route, target: Target, how: 'plain' | 'break-glass' = 'plain') => {
  const t = token(caller);
  return api.call(path(route, target), { ...(t ? { token: t } : {}), ...(how === 'break-glass' ? { headers: { 'X-Break-Glass-Reason': REASON } } : {}) });
};

describe('authorization matrix', () => {
  it.each(matrix)('%s → %s (%s, %s) → %i', async (caller, route, target, how, status) => {
    const res = await call(caller, route, target, how);
    expect(res.status, res.text).toBe(status);
  });

  it('tells a caller out of scope nothing about whether the customer exists', async () => {
    const strip = ({ instance: _i, correlationId: _c, ...rest }: Record<string, unknown>) => rest;
    for (const caller of ['customer', 'branch manager', 'complaint-handler', 'admin'] as const) {
      const existing = await call(caller, '360', caller === 'customer' ? 'other' : 'far');
      const missing = await call(caller, '360', 'unknown');
      expect(strip(existing.json), caller).toEqual(strip(missing.json));
      expect(existing.text).not.toMatch(/Pemberton|BR-BJ-009/);
    }
  });

  it('refuses a break-glass without a stated reason, naming the header', async () => {
    // Percent-encoded UTF-8: a right-to-left override, a NUL, a C1 control, a lone surrogate, a bad escape.
    for (const reason of ['', 'because', 'x'.repeat(501), 'Fraud call %E2%80%AEticket 12345', 'Fraud call%00ticket 12345', 'Fraud call %C2%9B ticket 1', 'Fraud call %ED%A0%80 ticket', 'Fraud call 100% sure']) {
      const res = await api.call(`/customers/${OWNER}`, { token: token('admin'), headers: { 'X-Break-Glass-Reason': reason } });
      expect(res.status, JSON.stringify(reason)).toBe(400);
      expect(res.json.errors.map((e: { field: string }) => e.field)).toEqual(['header.x-break-glass-reason']);
    }
  });
});

describe("analysts' pseudonymised 360, field by field", () => {
  it('shows what segments and products are made of, never who', async () => {
    const res = await call('analyst', '360', 'own');
    expect(res.status).toBe(200);
    const view = PseudonymisedCustomerView.parse(res.json);
    expect(Object.keys(res.json).sort()).toEqual(['holdings', 'profile', 'pseudonym', 'segment']);
    expect(Object.keys(res.json.profile).sort()).toEqual(['customerSince', 'homeBranchId', 'incomeBand', 'preferredLanguage']);
    for (const holding of res.json.holdings) {
      expect(Object.keys(holding).sort()).toEqual(['closedOn', 'currency', 'latestBalance', 'loan', 'openedOn', 'product', 'status']);
    }
    expect(view.profile).toEqual({ preferredLanguage: 'zh', homeBranchId: 'BR-SH-002', incomeBand: 'VERY_HIGH', customerSince: '2019-04-01' });
    expect(view.holdings.map((h) => h.product)).toEqual(['CURRENT_ACCOUNT', 'SAVINGS', 'PERSONAL_LOAN']);
    const p = personalValues[OWNER];
    for (const value of [OWNER, p.fullName, p.email, p.phone, p.dateOfBirth, ...p.accounts, 'vulnerable']) expect(res.text).not.toContain(value);
  });

  it('names each customer by a stable pseudonym: the same on every call, different per customer, the stage key HMAC', async () => {
    const [a, b, c] = await Promise.all([call('analyst', '360', 'own'), call('analyst', '360', 'own'), call('analyst', '360', 'other')]);
    expect(a.json.pseudonym).toBe(b.json.pseudonym);
    expect(a.json.pseudonym).not.toBe(c.json.pseudonym);
    expect(a.json.pseudonym).toBe(pseudonymiser(TEST_PSEUDONYM_KEY).customer(OWNER));
    expect(pseudonymiser('another-stage-key-0123456789abcdefghijkl').customer(OWNER)).not.toBe(a.json.pseudonym);
  });

  it('reads a break-glass reason in any language, percent-encoded', async () => {
    const reason = '客户来电报告银行卡被盗刷，工单 INC-4411';
    const res = await api.call(`/customers/${FAR}`, { token: token('admin'), headers: { 'X-Break-Glass-Reason': encodeURIComponent(reason) } });
    expect(res.status, res.text).toBe(200);
  });

  it('gives the full 360 to an analyst only under break-glass', async () => {
    const res = await call('analyst', '360', 'own', 'break-glass');
    expect(res.json.profile.fullName).toBe(personalValues[OWNER].fullName);
  });
});
