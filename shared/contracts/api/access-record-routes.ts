// The access record's routes (docs/data-protection.md): compliance lists who read or changed a customer's
// personal data, or what one member of staff looked at; a customer asks who at the bank looked at its
// data. Read-only by design: the API has no route that changes or deletes an entry.
import * as z from 'zod/mini';
import { ROLES } from './roles';
import { CustomerPathParams } from './customer-view';
import { defineRoute } from './route-contract';
import { GRANTS } from '../../data-protection/need-to-know';

const rolesLine = (roles: readonly string[]) => `\n\nRoles: ${roles.join(', ')}.`;
const COMPLIANCE = ['compliance'] as const;

export const StaffRef = z.string().check(z.regex(/^S-[A-Za-z0-9_-]{22}$/, 'must be a staff reference as the access record shows it (S- and 22 characters)'));
export const StaffPathParams = z.strictObject({ staffRef: StaffRef });

export const AccessQuery = z.strictObject({
  limit: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(100)), 25),
  cursor: z.optional(z.string().check(z.minLength(1), z.maxLength(1024), z.describe('nextCursor of the previous page of the same list.'))),
});
export type AccessQuery = z.infer<typeof AccessQuery>;

export const AccessEntryView = z.object({
  at: z.string().check(z.describe('UTC instant of the request.')),
  customerId: z.string(),
  subject: z.string().check(z.describe("The caller's Cognito subject: resolved to a person in the bank's staff directory.")),
  staffRef: z.nullable(z.string()).check(z.describe('The stable staff reference the customer is shown; null for the customer itself.')),
  role: z.enum(ROLES),
  operationId: z.string(),
  method: z.string(),
  route: z.string(),
  operation: z.enum(['read', 'change']),
  grant: z.enum(GRANTS).check(z.describe('Why the data could be reached: own, portfolio, branch, queue, supervisor, intake (a complaint filed for the customer), compliance (an erasure request), pseudonymised, or break-glass.')),
  view: z.enum(['FULL', 'PSEUDONYMISED']),
  reason: z.nullable(z.string()).check(z.describe("The break-glass reason as stated, or the route's declared purpose (compliance's erasure work).")),
  correlationId: z.string(),
});

export const AccessPage = z.object({ entries: z.array(AccessEntryView), nextCursor: z.nullable(z.string()) });

export const MyAccessEntry = z.object({
  at: z.string(),
  staffRole: z.enum(ROLES),
  staffRef: z.string().check(z.describe('The same reference every time for the same member of staff: quote it to the bank to ask who it was.')),
  what: z.string().check(z.describe('What was looked at or changed, in words.')),
  operation: z.enum(['read', 'change']),
  breakGlass: z.boolean().check(z.describe('Reached beyond the staff member\'s usual scope, with a stated reason that compliance reviews.')),
});
export const MyAccessPage = z.object({ entries: z.array(MyAccessEntry), nextCursor: z.nullable(z.string()) });

export const listCustomerAccesses = defineRoute({
  operationId: 'listCustomerAccesses',
  method: 'GET',
  path: '/compliance/customers/{customerId}/accesses',
  summary: "Who read or changed a customer's personal data, newest first",
  description: "Every recorded access to the customer's data through the API, the customer's own included." + rolesLine(COMPLIANCE),
  tags: ['compliance'],
  access: { kind: 'roles', roles: COMPLIANCE },
  request: { path: CustomerPathParams, query: AccessQuery },
  responses: { 200: { description: 'One page of the access record.', schema: AccessPage } },
});

export const listStaffAccesses = defineRoute({
  operationId: 'listStaffAccesses',
  method: 'GET',
  path: '/compliance/staff/{staffRef}/accesses',
  summary: "Whose personal data one member of staff read or changed, newest first",
  description: 'By the staff reference a customer or another list shows.' + rolesLine(COMPLIANCE),
  tags: ['compliance'],
  access: { kind: 'roles', roles: COMPLIANCE },
  request: { path: StaffPathParams, query: AccessQuery },
  responses: { 200: { description: 'One page of the access record.', schema: AccessPage } },
});

export const listMyAccesses = defineRoute({
  operationId: 'listMyAccesses',
  method: 'GET',
  path: '/me/accesses',
  summary: 'Who at the bank looked at my data, newest first',
  description:
    "Every access by staff to the caller's data: when, the staff member's role and stable reference (not their name), what, and whether it was a break-glass access. " +
    'A page may be short and still have a nextCursor: the customer\'s own reads are recorded too but not listed here.' +
    rolesLine(['customer']),
  tags: ['me'],
  access: { kind: 'roles', roles: ['customer'] },
  request: { query: AccessQuery },
  responses: { 200: { description: 'One page.', schema: MyAccessPage } },
});

/** Served by the access-record-api function. */
export const accessRecordRoutes = [listCustomerAccesses, listStaffAccesses, listMyAccesses] as const;
