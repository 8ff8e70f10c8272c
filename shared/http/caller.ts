// Who is calling, from the claims API Gateway's Cognito user-pool authorizer passes on. In a REST API
// (proxy event v1) every claim arrives as a string: `cognito:groups` is "customer" or
// "analyst,admin", not an array (an HTTP API's JWT authorizer sends "[analyst admin]"; both are read).
import { CustomerId } from '../contracts/primitives';
import { isRole, type Role } from '../contracts/api/roles';

export type Caller = {
  /** Cognito `sub`: stable, opaque, and safe to log. */
  subject: string;
  roles: Role[];
  /** `custom:customerId` of a customer's token. */
  customerId?: string;
  /**
   * What a member of staff works on, from the token's custom attributes (set by the bank's staff
   * directory, never writable by the user): a relationship manager's `custom:branchId` and
   * `custom:managerId` (their id in the branch roster), a complaint handler's `custom:complaintQueues`
   * (comma-separated). Absent, the caller works on none: need-to-know starts from nothing.
   */
  scope?: { branchId?: string; managerId?: string; queues: string[] };
};

export const STAFF_SCOPE_CLAIMS = { branchId: 'custom:branchId', managerId: 'custom:managerId', queues: 'custom:complaintQueues' } as const;

const SCOPE_VALUE = /^[A-Za-z0-9_-]{1,64}$/;
const scopeValue = (value: unknown) => (typeof value === 'string' && SCOPE_VALUE.test(value) ? value : undefined);

export function groupsFromClaim(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  if (typeof value !== 'string') return [];
  return value
    .trim()
    .replace(/^\[|\]$/g, '')
    .split(/[\s,]+/)
    .filter(Boolean);
}

export function callerFromClaims(claims: unknown): Caller | undefined {
  if (!claims || typeof claims !== 'object') return undefined;
  const c = claims as Record<string, unknown>;
  if (typeof c.sub !== 'string' || c.sub === '') return undefined;
  // Only the stack's own group names count, matched exactly. A token that names the customer group
  // together with a staff group grants nothing: a customer's identity never holds staff rights, and
  // REST API claims cannot tell the groups "customer" + "admin" from one group named "customer,admin".
  const known = [...new Set(groupsFromClaim(c['cognito:groups']).filter(isRole))];
  const roles = known.includes('customer') && known.length > 1 ? [] : known;
  const customerId = CustomerId.safeParse(c['custom:customerId']);
  const branchId = scopeValue(c[STAFF_SCOPE_CLAIMS.branchId]);
  const managerId = scopeValue(c[STAFF_SCOPE_CLAIMS.managerId]);
  const queues = typeof c[STAFF_SCOPE_CLAIMS.queues] === 'string' ? groupsFromClaim(c[STAFF_SCOPE_CLAIMS.queues]).filter((q) => SCOPE_VALUE.test(q)) : [];
  return {
    subject: c.sub,
    roles,
    ...(customerId.success ? { customerId: customerId.data } : {}),
    scope: { ...(branchId ? { branchId } : {}), ...(managerId ? { managerId } : {}), queues },
  };
}
