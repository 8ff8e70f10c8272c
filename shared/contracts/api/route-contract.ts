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
