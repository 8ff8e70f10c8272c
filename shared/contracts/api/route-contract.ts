// What one API route promises, as data: one source for the router's validation and role checks, the
// OpenAPI document, and API Gateway's request models and validators. Adding an endpoint is adding one
// of these to a route table and binding a function to it (shared/http/route-binding.ts).
//
// Schemas are typed by zod's core types, which zod/mini and classic zod schemas both satisfy: Lambda
// contracts are zod/mini (bundle size), and a test may still build a route from classic zod.
import type * as z from 'zod/mini';
import type { Role } from './roles';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export type RouteAccess =
  | { kind: 'public' }
  | {
      kind: 'roles';
      roles: readonly Role[];
      /**
       * Path parameter naming a customer. A caller whose only role is `customer` may use the route for its
       * own customerId when `customer` is among `roles`; for any other id it gets 404, never the data nor
       * a hint that the customer exists.
       */
      customerPathParam?: string;
      /** Whose personal data the route reads or changes: need-to-know and the access record apply (docs/data-protection.md). */
      personalData?: PersonalDataUse;
    };

/**
 * A route's use of customers' personal data, as data: shared/data-protection/need-to-know.ts decides from it who may
 * reach which customer, and the router records every use in the access record. The subject says how a
 * request names its customers:
 * - `customer`: the path parameter `customerPathParam`, or the body field `from` names (`body.customerId`):
 *   a body that names no customer means the caller's own for a customer, and is 400 naming the field for
 *   staff. `intake`: the request is taken on the customer's behalf (a complaint filed), which complaint
 *   handlers (the contact centre) and admins do for any customer that exists (grant INTAKE);
 * - `self`: the caller's own token (`custom:customerId`);
 * - `complaint`: the complaint of path parameter `param`, whose customer and queue are looked up;
 * - `queue`: the complaints queue of path parameter `param`;
 * - `list`: customers named by the answer (`disclosed`), optionally of the branch in query `branchQuery`;
 * - `erasureRequest`: the erasure request of path parameter `param`, whose customer is looked up; without
 *   `param`, a list of erasure requests whose customers the answer names (`disclosed`). Compliance's duty
 *   (grant COMPLIANCE).
 */
export type PersonalDataUse = {
  subject:
    | { kind: 'customer'; from?: `body.${string}`; intake?: true }
    | { kind: 'self' }
    | { kind: 'complaint'; param: string }
    | { kind: 'queue'; param: string }
    | { kind: 'list'; branchQuery?: string }
    | { kind: 'erasureRequest'; param?: string };
  /**
   * Why the route needs the data, recorded as the entry's reason when the caller states no break-glass
   * reason (compliance working through erasure requests): the record says why without asking each time.
   */
  purpose?: string;
  /** A change is recorded before the route runs (no record, no change); a read after (no record, no data). */
  operation: 'read' | 'change';
  /** The customers an answer names, when the subject does not name them (lists, a filed complaint). */
  disclosed?: (body: any, input: { body: any }) => readonly string[];
  /**
   * What analysts get: the answer pseudonymised (customer ids replaced by stable pseudonyms; no names,
   * contacts, birth dates or free text), shaped by its own schema. Without it, analysts need break-glass.
   */
  pseudonymised?: { schema: z.core.$ZodType; view: (body: any, pseudonym: (customerId: string) => string) => unknown };
};

export type ResponseSpec = {
  description: string;
  /** Absent for responses without a body (204). */
  schema?: z.core.$ZodType;
  /** Defaults to application/json. */
  contentType?: string;
  headers?: Record<string, { description: string }>;
};

export type RouteContract = {
  operationId: string;
  method: HttpMethod;
  /** API Gateway resource path: '/customers/{customerId}'. */
  path: `/${string}`;
  summary: string;
  description: string;
  tags: readonly string[];
  access: RouteAccess;
  request: {
    path?: z.core.$ZodObject;
    query?: z.core.$ZodObject;
    /** Header names in lower case. */
    headers?: z.core.$ZodObject;
    body?: z.core.$ZodType;
    /** Largest accepted body in bytes (default 64 KiB); larger bodies get 413. */
    maxBodyBytes?: number;
  };
  /** Successful responses. Problem responses (4xx, 5xx) are the same for every route and added for you. */
  responses: Record<number, ResponseSpec>;
};

/** Keeps the literal types of a route so handlers bound to it are typed by it. */
export const defineRoute = <const R extends RouteContract>(route: R): R => route;

export const DEFAULT_MAX_BODY_BYTES = 64 * 1024;
