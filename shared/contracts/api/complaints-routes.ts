// The complaint API's routes: intake, lifecycle, reading, knowledge articles and analytics.

import {
  ComplaintAccepted,
  ComplaintHistory,
  ComplaintPage,
  ComplaintPathParams,
  ComplaintView,
  CustomerPathParams,
  FileComplaintRequest,
  IdempotencyHeaders,
  PageQuery,
  QueuePathParams,
  QueueQuery,
  TransitionRequest,
} from './complaints';
import { ProblemDocument, PROBLEM_CONTENT_TYPE } from './problem';
import { defineRoute } from './route-contract';
import { STAFF_ROLES } from './roles';

const rolesLine = (roles: readonly string[]) => `\n\nRoles: ${roles.join(', ')}.`;
const FILERS = ['customer', 'relationship-manager', 'complaint-handler', 'admin'] as const;
const OWNER_OR_STAFF = ['customer', ...STAFF_ROLES] as const;
const MOVERS = ['customer', 'relationship-manager', 'complaint-handler', 'admin'] as const;
const conflict = { description: 'The complaint changed since it was read, or the move is not valid from its state.', schema: ProblemDocument, contentType: PROBLEM_CONTENT_TYPE };
const body32k = 32 * 1024;

export const fileComplaint = defineRoute({
  operationId: 'fileComplaint',
  method: 'POST',
  path: '/complaints',
  summary: 'File a complaint',
  description:
    "A customer files its own complaint (the customerId comes from the token); staff file on a customer's behalf " +
    'with `customerId`. The complaint is stored as RECEIVED and routed asynchronously; the answer is 202 with its ' +
    'id and Location. Send an Idempotency-Key to retry safely: the same key and body answer the same; the same key ' +
    'with another body is refused with 422.' +
    "\n\nNeed-to-know: a relationship manager files for the customers of their portfolio or branch; complaint " +
    'handlers (the contact centre) and admins for any customer that exists; anyone else, and a manager for any ' +
    'other customer, needs an `X-Break-Glass-Reason`. A customer out of reach, or unknown, is 404. Each filing is ' +
    'recorded in the access record before the complaint is stored.' +
    rolesLine(FILERS),
  tags: ['complaints'],
  access: { kind: 'roles', roles: FILERS, personalData: { subject: { kind: 'customer', from: 'body.customerId', intake: true }, operation: 'change' } },
  request: { headers: IdempotencyHeaders, body: FileComplaintRequest, maxBodyBytes: body32k },
  responses: {
    202: { description: 'Received; routing follows.', schema: ComplaintAccepted, headers: { Location: { description: 'The complaint: /complaints/{complaintId}' } } },
  },
});

export const getComplaint = defineRoute({
  operationId: 'getComplaint',
  method: 'GET',
  path: '/complaints/{complaintId}',
  summary: 'A complaint, with knowledge articles for its category (staff)',
  description:
    "The complaint's state, deadlines and resolution. Staff also see queue, assignee, priority, severity, the routing " +
    "reasons and suggested knowledge articles. A customer sees its own complaints only: any other id is 404." +
    rolesLine(OWNER_OR_STAFF),
  tags: ['complaints'],
  access: { kind: 'roles', roles: OWNER_OR_STAFF },
  request: { path: ComplaintPathParams },
  responses: { 200: { description: 'The complaint.', schema: ComplaintView } },
});

export const getComplaintHistory = defineRoute({
  operationId: 'getComplaintHistory',
  method: 'GET',
  path: '/complaints/{complaintId}/history',
  summary: 'Every change of a complaint, oldest first',
  description: 'Receipt, every transition and every escalation, with time and actor. Customers see what and when, not who or the internal notes.' + rolesLine(OWNER_OR_STAFF),
  tags: ['complaints'],
  access: { kind: 'roles', roles: OWNER_OR_STAFF },
  request: { path: ComplaintPathParams },
  responses: { 200: { description: 'The history.', schema: ComplaintHistory } },
});

export const transitionComplaint = defineRoute({
  operationId: 'transitionComplaint',
  method: 'POST',
  path: '/complaints/{complaintId}/transitions',
  summary: 'Move a complaint through its lifecycle',
  description:
    'ROUTED → ACKNOWLEDGED → IN_PROGRESS → RESOLVED (with a CFPB response code and relief) → CLOSED; REOPENED within ' +
    '30 days of resolution. Only the handler or relationship manager who has the complaint, or an admin (supervisor), ' +
    'moves it; a handler takes a complaint still waiting in its queue by moving it. A customer may withdraw its own ' +
    'complaint or reopen it. Two moves of the same complaint at once: one wins, the other gets 409.' +
    rolesLine(MOVERS),
  tags: ['complaints'],
  access: { kind: 'roles', roles: MOVERS },
  request: { path: ComplaintPathParams, body: TransitionRequest, maxBodyBytes: body32k },
  responses: { 200: { description: 'The complaint after the move.', schema: ComplaintView }, 409: conflict },
});

export const listQueueComplaints = defineRoute({
  operationId: 'listQueueComplaints',
  method: 'GET',
  path: '/queues/{queue}/complaints',
  summary: "A queue's complaints, most urgent first",
  description: 'Routed complaints of one queue ordered by the time their next act is due; every open status unless `status` names one.' + rolesLine(STAFF_ROLES),
  tags: ['complaints'],
  access: { kind: 'roles', roles: STAFF_ROLES },
  request: { path: QueuePathParams, query: QueueQuery },
  responses: { 200: { description: 'One page.', schema: ComplaintPage } },
});

export const listCustomerComplaints = defineRoute({
  operationId: 'listCustomerComplaints',
  method: 'GET',
  path: '/customers/{customerId}/complaints',
  summary: "A customer's complaints, newest first",
  description: 'Every complaint the customer made, newest first.' + rolesLine(STAFF_ROLES),
  tags: ['complaints'],
  access: { kind: 'roles', roles: STAFF_ROLES, customerPathParam: 'customerId' },
  request: { path: CustomerPathParams, query: PageQuery },
  responses: { 200: { description: 'One page.', schema: ComplaintPage } },
});

export const listMyComplaints = defineRoute({
  operationId: 'listMyComplaints',
  method: 'GET',
  path: '/me/complaints',
  summary: "The signed-in customer's complaints, newest first",
  description: 'The caller\'s own complaints with their status and when the next answer is due.' + rolesLine(['customer']),
  tags: ['me', 'complaints'],
  access: { kind: 'roles', roles: ['customer'] },
  request: { query: PageQuery },
  responses: { 200: { description: 'One page.', schema: ComplaintPage } },
});

/** Served by the complaint-api function. */
export const complaintApiRoutes = [
  fileComplaint,
  getComplaint,
  getComplaintHistory,
  transitionComplaint,
  listQueueComplaints,
  listCustomerComplaints,
  listMyComplaints,
] as const;

