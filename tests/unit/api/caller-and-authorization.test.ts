// Claims as API Gateway's Cognito authorizer delivers them (REST: every value a string), and the role
// and ownership rules that follow from them.
import { describe, expect, it } from 'vitest';
import type { RouteAccess } from '../../../shared/contracts/api/route-contract';
import { STAFF_ROLES } from '../../../shared/contracts/api/roles';
import { authorize } from '../../../shared/http/authorization';
import { callerFromClaims, groupsFromClaim } from '../../../shared/http/caller';

describe('callerFromClaims', () => {
  it.each([
    ['customer', ['customer']],
    ['analyst,admin', ['analyst', 'admin']],
    ['[analyst admin]', ['analyst', 'admin']],
    [['analyst', 'admin'], ['analyst', 'admin']],
    ['', []],
    [undefined, []],
  ])('reads cognito:groups %j', (claim, groups) => {
    expect(groupsFromClaim(claim)).toEqual(groups);
  });

  it('keeps the known roles and the customerId of a customer token', () => {
    expect(callerFromClaims({ sub: 's1', 'cognito:groups': 'customer,beta-testers', 'custom:customerId': 'C-1' })).toEqual({
      subject: 's1',
      roles: ['customer'],
      scope: { queues: [] },
      customerId: 'C-1',
    });
  });

  it.each(['customer,admin', '[customer admin]', 'customer,analyst', 'relationship-manager,customer'])(
    'grants nothing to a token that mixes the customer group with a staff group (%s)',
    (groups) => {
      const caller = callerFromClaims({ sub: 's1', 'cognito:groups': groups, 'custom:customerId': 'C-1' });
      expect(caller?.roles).toEqual([]);
      expect(authorize({ kind: 'roles', roles: ['admin', 'customer'] }, caller, {})).toMatchObject({ problem: { status: 403 } });
    },
  );

  it('matches group names exactly: a lookalike is no role', () => {
    expect(callerFromClaims({ sub: 's1', 'cognito:groups': 'Admin,admins,ADMIN,analyst-x,customers' })?.roles).toEqual([]);
  });

  it('drops a customerId that is not one', () => {
    expect(callerFromClaims({ sub: 's1', 'cognito:groups': 'customer', 'custom:customerId': '../C-1' })?.customerId).toBeUndefined();
  });

  it('has no caller without a subject', () => {
    expect(callerFromClaims({ 'cognito:groups': 'admin' })).toBeUndefined();
    expect(callerFromClaims(null)).toBeUndefined();
  });
});

describe('authorize', () => {
  const staffRoute: RouteAccess = { kind: 'roles', roles: STAFF_ROLES, customerPathParam: 'customerId' };
  const customerRoute: RouteAccess = { kind: 'roles', roles: ['customer'] };
  const ownedRoute: RouteAccess = { kind: 'roles', roles: ['customer', ...STAFF_ROLES], customerPathParam: 'customerId' };
  const customer = { subject: 's', roles: ['customer' as const], customerId: 'C-1' };
  const analyst = { subject: 's', roles: ['analyst' as const] };
  const status = (access: RouteAccess, caller: Parameters<typeof authorize>[1], customerId?: string) =>
    authorize(access, caller, customerId ? { customerId } : {})?.problem.status ?? 200;

  it.each([
    ['staff, any customer', staffRoute, analyst, 'C-9', 200],
    ['customer, own id on a staff route', staffRoute, customer, 'C-1', 403],
    ['customer, other id on a staff route', staffRoute, customer, 'C-9', 404],
    ['customer, its own route', customerRoute, customer, undefined, 200],
    ['staff, a customer route', customerRoute, analyst, undefined, 403],
    ['customer, own id on a shared route', ownedRoute, customer, 'C-1', 200],
    ['customer, other id on a shared route', ownedRoute, customer, 'C-9', 404],
    ['no roles at all', staffRoute, { subject: 's', roles: [] }, 'C-1', 403],
    ['customer token without customerId', customerRoute, { subject: 's', roles: ['customer' as const] }, undefined, 403],
    ['nobody', staffRoute, undefined, 'C-1', 401],
    ['nobody, public route', { kind: 'public' } as const, undefined, undefined, 200],
  ])('%s → %i', (_name, access, caller, customerId, expected) => {
    expect(status(access, caller, customerId)).toBe(expected);
  });
});
