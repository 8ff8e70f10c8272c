// Who may do what on the complaint routes, over HTTP with real tokens: role × route × own/other → status.
// A customer asking for a complaint or customer that is not its own gets 404, never a hint it exists.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STAFF_ROLES, type Role } from '../../../shared/contracts/api/roles';
import { startComplaintApi, type ComplaintApiHarness } from './complaints-api-harness';

let api: ComplaintApiHarness;
let own: string;
let other: string;

type Caller = 'customer' | Role | 'no group' | 'no token';
type Route = 'file' | 'get' | 'history' | 'transition' | 'queue' | 'customer list' | 'me' | 'articles' | 'put article' | 'delete article' | 'analytics';
type Target = 'own' | 'other' | '-';

const token = (caller: Caller) => {
  if (caller === 'no token') return undefined;
  if (caller === 'customer') return api.token({ groups: ['customer'], customerId: 'C-OWN', subject: 'sub-own' });
  if (caller === 'no group') return api.token({ groups: [] });
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
  own = await fileAndRoute('C-OWN');
  other = await fileAndRoute('C-OTHER');
});
afterAll(() => api?.stop());

const article = { category: 'FEES_AND_CHARGES', title: 'T', summary: 'S', steps: [], tags: [] };

async function request(caller: Caller, route: Route, target: Target) {
  const t = token(caller);
  const id = target === 'other' ? other : own;
  const customerId = target === 'other' ? 'C-OTHER' : 'C-OWN';
  const o = t ? { token: t } : {};
  switch (route) {
    case 'file':
      return api.call('/complaints', { ...o, body: { description: 'fee', channel: 'PHONE', ...(caller !== 'customer' ? { customerId } : {}) } });
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
  return [
    [role, 'file', '-', role === 'analyst' ? 403 : 202],
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
});
