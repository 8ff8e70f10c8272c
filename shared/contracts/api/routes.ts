// The customer API's routes: customer 360, timeline, the customer's own essentials, the API document.
import * as z from 'zod/mini';
import { CustomerPathParams, CustomerView, PseudonymisedCustomerView, pseudonymisedCustomerView } from './customer-view';
import { MyEssentials } from './my-essentials';
import { defineRoute } from './route-contract';
import { STAFF_ROLES } from './roles';
import { TimelinePage, TimelineQuery } from './timeline';

/** The OpenAPI document as a response: checked for its version field only. */
export const OpenApiDocument = z.looseObject({ openapi: z.string() });

const rolesLine = (roles: readonly string[]) => `\n\nRoles: ${roles.join(', ')}.`;

/** What every route over a customer's records says of need-to-know (docs/data-protection.md). */
export const needToKnowLine =
  '\n\nNeed-to-know: a relationship manager reaches the customers of their portfolio (custom:managerId) and ' +
  'branch (custom:branchId); other staff, and customers beyond that scope, need break-glass: an ' +
  '`X-Break-Glass-Reason` header stating why (10 to 500 characters), recorded and alerted. Out of scope is ' +
  '404, as for an unknown customer. Every answer is recorded in the access record.';

export const getCustomer = defineRoute({
  operationId: 'getCustomer',
  method: 'GET',
  path: '/customers/{customerId}',
  summary: 'Customer 360: profile and holdings',
  description:
    'The consolidated profile and every account with its latest balance and loan status. `segment` and ' +
    '`relationshipManager` are null until segmentation is in place. A customer that is not known gives 404.' +
    needToKnowLine +
    ' Analysts get the pseudonymised 360 (PseudonymisedCustomerView).' +
    rolesLine(STAFF_ROLES),
  tags: ['customers'],
  access: {
    kind: 'roles',
    roles: STAFF_ROLES,
    customerPathParam: 'customerId',
    personalData: {
      subject: { kind: 'customer' },
      operation: 'read',
      pseudonymised: { schema: PseudonymisedCustomerView, view: pseudonymisedCustomerView },
    },
  },
  request: { path: CustomerPathParams },
  responses: { 200: { description: 'The customer 360.', schema: CustomerView } },
});

export const getCustomerTimeline = defineRoute({
  operationId: 'getCustomerTimeline',
  method: 'GET',
  path: '/customers/{customerId}/timeline',
  summary: "The customer's transactions and interactions, newest first",
  description:
    'One page of the timeline, newest first, optionally on one channel and between two times. Pages are ' +
    'linked by an opaque cursor bound to the customer and the filters. There is no channel index: a channel ' +
    'filter reads entries and keeps the matching ones, up to a bounded number of entries read per request, so ' +
    'a page may be short and still have a nextCursor. A customer without records has an empty timeline.' +
    needToKnowLine +
    rolesLine(STAFF_ROLES),
  tags: ['customers'],
  access: { kind: 'roles', roles: STAFF_ROLES, customerPathParam: 'customerId', personalData: { subject: { kind: 'customer' }, operation: 'read' } },
  request: { path: CustomerPathParams, query: TimelineQuery },
  responses: { 200: { description: 'One page of the timeline.', schema: TimelinePage } },
});

export const getMe = defineRoute({
  operationId: 'getMe',
  method: 'GET',
  path: '/me',
  summary: 'The signed-in customer: essentials and service tier',
  description:
    "The caller's own essentials (the customerId comes from the token's custom:customerId) and its service " +
    'tier, which is STANDARD until segmentation is in place. No internal labels or figures.' +
    rolesLine(['customer']),
  tags: ['me'],
  access: { kind: 'roles', roles: ['customer'], personalData: { subject: { kind: 'self' }, operation: 'read' } },
  request: {},
  responses: { 200: { description: "The caller's essentials.", schema: MyEssentials } },
});

export const getOpenApiDocument = defineRoute({
  operationId: 'getOpenApiDocument',
  method: 'GET',
  path: '/openapi.json',
  summary: 'This API, as an OpenAPI 3.1 document',
  description:
    'The document docs/openapi.json holds, generated from the same contract as the API.\n\nRoles: none, no token needed.',
  tags: ['meta'],
  access: { kind: 'public' },
  request: {},
  responses: { 200: { description: 'The OpenAPI document.', schema: OpenApiDocument } },
});

/** Served by the customer-api function. */
export const customerRecordRoutes = [getCustomer, getCustomerTimeline, getMe] as const;
/** Served by the api-document function. */
export const apiDocumentRoutes = [getOpenApiDocument] as const;
export const customerApiRoutes = [...customerRecordRoutes, ...apiDocumentRoutes] as const;
