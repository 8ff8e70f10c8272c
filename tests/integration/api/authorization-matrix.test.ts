// Who may do what, over HTTP with real tokens: role × route × own/other → status. A customer asking for
// anything not its own gets 404, the same answer as for a customer that does not exist.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STAFF_ROLES, type Role } from '../../../shared/contracts/api/roles';
import { OTHER, OWNER, otherEvents, ownerEvents, UNKNOWN } from './customer-fixtures';
import { startCustomerApi, type CustomerApiHarness } from './customer-api-harness';

let api: CustomerApiHarness;
beforeAll(async () => {
  api = await startCustomerApi({ events: [...ownerEvents(), ...otherEvents()] });
});
afterAll(() => api?.stop());

type Caller = 'customer' | 'customer without customerId' | Role | 'no group' | 'analyst and customer' | 'no token';
type Route = '360' | 'timeline' | 'me' | 'openapi';
type Target = 'own' | 'other' | 'unknown' | '-';

const TARGET_ID: Record<Exclude<Target, '-'>, string> = { own: OWNER, other: OTHER, unknown: UNKNOWN };
const path = (route: Route, target: Target) =>
  route === 'me' ? '/me' : route === 'openapi' ? '/openapi.json' : `/customers/${TARGET_ID[target as Exclude<Target, '-'>]}${route === 'timeline' ? '/timeline' : ''}`;

const token = (caller: Caller): string | undefined => {
  switch (caller) {
    case 'no token':
      return undefined;
    case 'customer':
      return api.token({ groups: ['customer'], customerId: OWNER });
    case 'customer without customerId':
      return api.token({ groups: ['customer'] });
    case 'no group':
      return api.token({ groups: [] });
    case 'analyst and customer':
      return api.token({ groups: ['analyst', 'customer'], customerId: OWNER });
    default:
      return api.token({ groups: [caller] });
  }
};

// "own" is the customer's own id for a customer token; for staff it is just one customer.
const matrix: [Caller, Route, Target, number][] = [
  ['customer', '360', 'own', 403],
  ['customer', '360', 'other', 404],
  ['customer', '360', 'unknown', 404],
  ['customer', 'timeline', 'own', 403],
  ['customer', 'timeline', 'other', 404],
  ['customer', 'timeline', 'unknown', 404],
  ['customer', 'me', '-', 200],
  ['customer', 'openapi', '-', 200],
  ['customer without customerId', 'me', '-', 403],
  ['customer without customerId', '360', 'other', 404],
  ...STAFF_ROLES.flatMap((role): [Caller, Route, Target, number][] => [
    [role, '360', 'own', 200],
    [role, '360', 'other', 200],
    [role, '360', 'unknown', 404],
    [role, 'timeline', 'own', 200],
    [role, 'timeline', 'other', 200],
    [role, 'me', '-', 403],
    [role, 'openapi', '-', 200],
  ]),
  // A token that mixes the customer group with a staff group grants nothing (shared/http/caller.ts).
  ['analyst and customer', '360', 'other', 403],
  ['analyst and customer', 'me', '-', 403],
  ['no group', '360', 'own', 403],
  ['no group', 'me', '-', 403],
  ['no token', '360', 'own', 401],
  ['no token', 'timeline', 'own', 401],
  ['no token', 'me', '-', 401],
  ['no token', 'openapi', '-', 200],
];

describe('authorization matrix', () => {
  it.each(matrix)('%s → %s (%s) → %i', async (caller, route, target, status) => {
    const t = token(caller);
    const res = await api.call(path(route, target), t ? { token: t } : {});
    expect(res.status, res.text).toBe(status);
  });

  it('tells a customer nothing about whether another customer exists', async () => {
    const t = token('customer')!;
    const strip = ({ instance: _i, correlationId: _c, ...rest }: Record<string, unknown>) => rest;
    const existing = await api.call(`/customers/${OTHER}`, { token: t });
    const missing = await api.call(`/customers/${UNKNOWN}`, { token: t });
    expect(strip(existing.json)).toEqual(strip(missing.json));
    expect(existing.text).not.toContain('Pemberton');
  });
});
