// Who may do what on the complaint routes, over HTTP with real tokens: role × route × own/other → status.
// A customer asking for a complaint or customer that is not its own gets 404, never a hint it exists.
// Filing for a customer is under need-to-know (the customer named in body.customerId): a relationship
// manager files for their portfolio or branch, complaint handlers and admins for any customer that
// exists (intake), beyond that only under break-glass; every filing is in the access record.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STAFF_ROLES, type Role } from '../../../shared/contracts/api/roles';
import { startComplaintApi, type ComplaintApiHarness } from './complaints-api-harness';

let api: ComplaintApiHarness;
let own: string;
let other: string;

type Caller = 'customer' | Role | 'branch manager' | 'portfolio manager' | 'no group' | 'no token';
type Route = 'file' | 'file break-glass' | 'get' | 'history' | 'transition' | 'queue' | 'customer list' | 'me' | 'articles' | 'put article' | 'delete article' | 'analytics';
type Target = 'own' | 'other' | 'unknown' | '-';
const REASON = 'Customer phoned the branch about a double fee, call ref 7781';

const token = (caller: Caller) => {
  if (caller === 'no token') return undefined;
  if (caller === 'customer') return api.token({ groups: ['customer'], customerId: 'C-OWN', subject: 'sub-own' });
  if (caller === 'no group') return api.token({ groups: [] });
  // C-OWN's home branch is BR-1; C-OTHER is in RM-P's portfolio (a segment assignment naming them), at BR-2.
  if (caller === 'branch manager') return api.token({ groups: ['relationship-manager'], subject: 'rm-branch', claims: { 'custom:branchId': 'BR-1', 'custom:managerId': 'RM-B' } });
  if (caller === 'portfolio manager') return api.token({ groups: ['relationship-manager'], subject: 'rm-portfolio', claims: { 'custom:branchId': 'BR-9', 'custom:managerId': 'RM-P' } });
  return api.token({ groups: [caller], subject: `${caller}-1` });
};

async function fileAndRoute(customerId: string) {
  const t = api.token({ groups: ['customer'], customerId, subject: `sub-${customerId}` });
  const res = await api.call('/complaints', { token: t, body: { description: 'Monthly fee charged twice', channel: 'MOBILE' } });
  await api.routePending();
  return res.json.complaintId as string;
}

beforeAll(async () => {
  api = await startComplaintApi();
  await api.seedCustomer('C-OWN', { homeBranchId: 'BR-1' });
  await api.seedCustomer('C-OTHER', { homeBranchId: 'BR-2', managerId: 'RM-P' });
  own = await fileAndRoute('C-OWN');
  other = await fileAndRoute('C-OTHER');
});
afterAll(() => api?.stop());

const article = { category: 'FEES_AND_CHARGES', title: 'T', summary: 'S', steps: [], tags: [] };

async function request(caller: Caller, route: Route, target: Target) {
  const t = token(caller);
  const id = target === 'other' ? other : own;
  const customerId = target === 'other' ? 'C-OTHER' : target === 'unknown' ? 'C-UNKNOWN' : 'C-OWN';
  const o = t ? { token: t } : {};
  switch (route) {
    case 'file':
    case 'file break-glass':
      return api.call('/complaints', {
        ...o,
        ...(route === 'file break-glass' ? { headers: { 'X-Break-Glass-Reason': REASON } } : {}),
        body: { description: 'fee', channel: 'PHONE', ...(caller !== 'customer' || target === 'other' ? { customerId } : {}) },
      });
    case 'get':
      return api.call(`/complaints/${id}`, o);
    case 'history':
      return api.call(`/complaints/${id}/history`, o);
    case 'transition': {
      // A fresh routed complaint each time: a move that succeeds must not change the next row's answer.
      const fresh = await fileAndRoute(customerId);
      return api.call(`/complaints/${fresh}/transitions`, { ...o, body: { to: 'ACKNOWLEDGED' } });
    }
    case 'queue':
      return api.call('/queues/ACCOUNTS/complaints', o);
    case 'customer list':
      return api.call(`/customers/${customerId}/complaints`, o);
    case 'me':
      return api.call('/me/complaints', o);
    case 'articles':
      return api.call('/knowledge/articles', o);
    case 'put article':
      return api.call('/knowledge/articles/KB-MATRIX-1', { ...o, method: 'PUT', body: article });
    case 'delete article':
      return api.call('/knowledge/articles/KB-NOT-THERE', { ...o, method: 'DELETE' });
    case 'analytics':
      return api.call('/analytics/complaints', o);
  }
}

const staffRow = (role: (typeof STAFF_ROLES)[number]): [Caller, Route, Target, number][] => {
  const handles = role === 'complaint-handler' || role === 'admin';
  // Intake: complaint handlers and admins file for any customer that exists; a manager without scope, no one.
  const files = role === 'analyst' ? 403 : handles ? 202 : 404;
  return [
    [role, 'file', 'own', files],
    [role, 'file', 'other', files],
    [role, 'file', 'unknown', role === 'analyst' ? 403 : 404],
    [role, 'file break-glass', 'other', role === 'analyst' ? 403 : 202],
    [role, 'file break-glass', 'unknown', role === 'analyst' ? 403 : 404],
    [role, 'get', 'own', 200],
    [role, 'get', 'other', 200],
    [role, 'history', 'other', 200],
    // A handler takes a queued complaint; a manager only its own customers'; an admin supervises; an analyst reads.
    [role, 'transition', 'other', handles ? 200 : 403],
    [role, 'queue', '-', 200],
    [role, 'customer list', 'other', 200],
    [role, 'me', '-', 403],
    [role, 'articles', '-', 200],
    [role, 'put article', '-', role === 'admin' ? 201 : 403],
    [role, 'delete article', '-', role === 'admin' ? 404 : 403],
    [role, 'analytics', '-', role === 'analyst' || role === 'admin' ? 200 : 403],
  ];
};

const matrix: [Caller, Route, Target, number][] = [
  ['customer', 'file', '-', 202],
  ['customer', 'file', 'other', 404],
  ['customer', 'file break-glass', 'other', 404],
  ['branch manager', 'file', 'own', 202],
  ['branch manager', 'file', 'other', 404],
  ['branch manager', 'file break-glass', 'other', 202],
  ['portfolio manager', 'file', 'other', 202],
  ['portfolio manager', 'file', 'own', 404],
  ['portfolio manager', 'file', 'unknown', 404],
  ['portfolio manager', 'file break-glass', 'unknown', 404],
  ['customer', 'get', 'own', 200],
  ['customer', 'get', 'other', 404],
  ['customer', 'history', 'own', 200],
  ['customer', 'history', 'other', 404],
  ['customer', 'transition', 'own', 403],
  ['customer', 'transition', 'other', 404],
  ['customer', 'queue', '-', 403],
  ['customer', 'customer list', 'own', 403],
  ['customer', 'customer list', 'other', 404],
  ['customer', 'me', '-', 200],
  ['customer', 'articles', '-', 403],
  ['customer', 'put article', '-', 403],
  ['customer', 'delete article', '-', 403],
  ['customer', 'analytics', '-', 403],
  ...STAFF_ROLES.flatMap(staffRow),
  ['no group', 'file', '-', 403],
  ['no group', 'get', 'own', 403],
  ['no group', 'me', '-', 403],
  ['no token', 'file', '-', 401],
  ['no token', 'get', 'own', 401],
  ['no token', 'transition', 'own', 401],
  ['no token', 'queue', '-', 401],
  ['no token', 'analytics', '-', 401],
];

describe('complaint authorization matrix', () => {
  it.each(matrix)('%s → %s (%s) → %i', async (caller, route, target, status) => {
    const res = await request(caller, route, target);
    expect(res.status, res.text).toBe(status);
  });

  it('tells a manager out of scope nothing about whether the customer exists', async () => {
    const strip = ({ instance: _i, correlationId: _c, ...rest }: Record<string, unknown>) => rest;
    const existing = await request('branch manager', 'file', 'other');
    const missing = await request('branch manager', 'file', 'unknown');
    expect(existing.status).toBe(404);
    expect(strip(existing.json)).toEqual(strip(missing.json));
  });

  it('asks staff filing without a customer to name one (422 naming body.customerId), before anything is recorded', async () => {
    const before = (await api.accessRecord()).length;
    const res = await api.call('/complaints', { token: token('complaint-handler'), body: { description: 'fee', channel: 'PHONE' } });
    expect(res.status).toBe(422);
    expect(res.json.errors.map((e: { field: string }) => e.field)).toEqual(['body.customerId']);
    expect((await api.accessRecord()).length).toBe(before);
  });
});

describe('the access record of complaints filed for customers', () => {
  const filings = (entries: Awaited<ReturnType<ComplaintApiHarness['accessRecord']>>, subject: string) =>
    entries.filter((e) => e.operationId === 'fileComplaint' && e.subject === subject);

  it('records each filing with who, whom, the route, the grant and the reason, and nothing for a refused one', async () => {
    const cases = [
      { caller: 'branch manager', route: 'file', target: 'own', subject: 'rm-branch', customerId: 'C-OWN', grant: 'BRANCH', role: 'relationship-manager' },
      { caller: 'portfolio manager', route: 'file', target: 'other', subject: 'rm-portfolio', customerId: 'C-OTHER', grant: 'PORTFOLIO', role: 'relationship-manager' },
      { caller: 'complaint-handler', route: 'file', target: 'other', subject: 'complaint-handler-1', customerId: 'C-OTHER', grant: 'INTAKE', role: 'complaint-handler' },
      { caller: 'admin', route: 'file', target: 'own', subject: 'admin-1', customerId: 'C-OWN', grant: 'INTAKE', role: 'admin' },
      { caller: 'relationship-manager', route: 'file break-glass', target: 'other', subject: 'relationship-manager-1', customerId: 'C-OTHER', grant: 'BREAK_GLASS', role: 'relationship-manager', reason: REASON },
    ] as const;
    for (const c of cases) {
      const before = filings(await api.accessRecord(), c.subject).length;
      const res = await request(c.caller, c.route, c.target);
      expect(res.status, res.text).toBe(202);
      const after = filings(await api.accessRecord(), c.subject);
      expect(after.length, c.caller).toBe(before + 1);
      expect(after.at(-1), c.caller).toMatchObject({
        customerId: c.customerId,
        role: c.role,
        operationId: 'fileComplaint',
        method: 'POST',
        route: '/complaints',
        operation: 'change',
        grant: c.grant,
        view: 'FULL',
        staffRef: expect.stringMatching(/^S-/),
        correlationId: res.headers.get('x-correlation-id'),
        ...('reason' in c ? { reason: c.reason } : {}),
      });
      if (!('reason' in c)) expect(after.at(-1)!.reason).toBeUndefined();
    }
  });

  it('records nothing for a filing refused as out of scope or for an unknown customer', async () => {
    const before = (await api.accessRecord()).length;
    expect((await request('branch manager', 'file', 'other')).status).toBe(404);
    expect((await request('portfolio manager', 'file break-glass', 'unknown')).status).toBe(404);
    expect((await request('customer', 'file', 'other')).status).toBe(404);
    expect((await api.accessRecord()).length).toBe(before);
  });

  it("records a customer's own filing as OWN, without a staff reference", async () => {
    const res = await request('customer', 'file', '-');
    expect(res.status).toBe(202);
    expect(filings(await api.accessRecord(), 'sub-own').at(-1)).toMatchObject({ customerId: 'C-OWN', role: 'customer', grant: 'OWN' });
    expect(filings(await api.accessRecord(), 'sub-own').at(-1)!.staffRef).toBeUndefined();
  });
});
