// The segmentation routes: the customer's segment (staff), the customer's own service tier, customers
// by segment and branch, analytics, and the admin endpoints for the roster and the parameters.
import { defineRoute } from './route-contract';
import { STAFF_ROLES } from './roles';
import { CustomerPathParams } from './customer-view';
import { needToKnowLine } from './routes';
import {
  BranchPath,
  CustomerSegmentView,
  ManagerBody,
  ManagerPath,
  ManagerRecordView,
  MyServiceTier,
  ParametersBody,
  ParametersView,
  PseudonymisedCustomerSegmentView,
  pseudonymisedCustomerSegmentView,
  PseudonymisedSegmentCustomersPage,
  pseudonymisedSegmentCustomersPage,
  RecalibrationPath,
  RecalibrationView,
  RosterView,
  SegmentAnalytics,
  SegmentCustomersPage,
  SegmentCustomersPath,
  SegmentCustomersQuery,
} from './segments';

const rolesLine = (roles: readonly string[]) => `\n\nRoles: ${roles.join(', ')}.`;
const ADMIN = ['admin'] as const;
const ANALYSTS = ['analyst', 'admin'] as const;

export const getCustomerSegment = defineRoute({
  operationId: 'getCustomerSegment',
  method: 'GET',
  path: '/customers/{customerId}/segment',
  summary: "The customer's value segment, contribution, trend, reasons and history",
  description:
    'The current assignment with the rule and figures behind it, the stored monthly contributions and every change of segment. 404 before the first assignment.' +
    needToKnowLine +
    ' Analysts get it pseudonymised (PseudonymisedCustomerSegmentView: the pseudonym of the 360 and the segment lists, no customer id, no relationship manager).' +
    rolesLine(STAFF_ROLES),
  tags: ['segments'],
  access: {
    kind: 'roles',
    roles: STAFF_ROLES,
    customerPathParam: 'customerId',
    personalData: {
      subject: { kind: 'customer' },
      operation: 'read',
      pseudonymised: { schema: PseudonymisedCustomerSegmentView, view: pseudonymisedCustomerSegmentView },
    },
  },
  request: { path: CustomerPathParams },
  responses: { 200: { description: 'The segment and its explanation.', schema: CustomerSegmentView } },
});

export const getMyServiceTier = defineRoute({
  operationId: 'getMyServiceTier',
  method: 'GET',
  path: '/me/service-tier',
  summary: 'The signed-in customer: service tier and entitlements',
  description: 'The tier and what it entitles to. No segment, no figures. A customer not yet assessed is served at the standard tier.' + rolesLine(['customer']),
  tags: ['me'],
  access: { kind: 'roles', roles: ['customer'], personalData: { subject: { kind: 'self' }, operation: 'read' } },
  request: {},
  responses: { 200: { description: 'The service tier.', schema: MyServiceTier } },
});

export const listSegmentCustomers = defineRoute({
  operationId: 'listSegmentCustomers',
  method: 'GET',
  path: '/segments/{segment}/customers',
  summary: 'Customers of a segment, in one branch or across all, by contribution, highest first',
  description:
    'One page, linked to the next by an opaque cursor. With a branch: its partition of the segment index. Without: the ' +
    "segment's 16 shards read together and merged by contribution, so no partition ever holds a whole segment." +
    '\n\nNeed-to-know: a relationship manager lists their own branch (custom:branchId); analysts get the list ' +
    'pseudonymised (PseudonymisedSegmentCustomersPage); anyone else, and any other branch, needs an ' +
    '`X-Break-Glass-Reason`. Every customer listed is recorded in the access record.' +
    rolesLine(STAFF_ROLES),
  tags: ['segments'],
  access: {
    kind: 'roles',
    roles: STAFF_ROLES,
    personalData: {
      subject: { kind: 'list', branchQuery: 'branch' },
      operation: 'read',
      disclosed: (page: SegmentCustomersPage) => page.customers.map((c) => c.customerId),
      pseudonymised: { schema: PseudonymisedSegmentCustomersPage, view: pseudonymisedSegmentCustomersPage },
    },
  },
  request: { path: SegmentCustomersPath, query: SegmentCustomersQuery },
  responses: { 200: { description: 'One page of customers.', schema: SegmentCustomersPage } },
});

export const getSegmentAnalytics = defineRoute({
  operationId: 'getSegmentAnalytics',
  method: 'GET',
  path: '/analytics/segments',
  summary: 'Customers and total contribution per segment, overall and by branch',
  description: 'As counted by the last recalibration scan (asOf).' + rolesLine(ANALYSTS),
  tags: ['analytics'],
  access: { kind: 'roles', roles: ANALYSTS },
  request: {},
  responses: { 200: { description: 'Counts and totals.', schema: SegmentAnalytics } },
});

export const listRelationshipManagers = defineRoute({
  operationId: 'listRelationshipManagers',
  method: 'GET',
  path: '/admin/branches/{branchId}/relationship-managers',
  summary: "A branch's relationship managers with capacity and load",
  description: 'Every manager of the branch, including those who left (active false).' + rolesLine(ADMIN),
  tags: ['admin'],
  access: { kind: 'roles', roles: ADMIN },
  request: { path: BranchPath },
  responses: { 200: { description: 'The roster.', schema: RosterView } },
});

export const putRelationshipManager = defineRoute({
  operationId: 'putRelationshipManager',
  method: 'PUT',
  path: '/admin/branches/{branchId}/relationship-managers/{managerId}',
  summary: 'Add a relationship manager, or change their name or capacity',
  description: 'Creates the manager with no customers, or updates name and capacity keeping the load.' + rolesLine(ADMIN),
  tags: ['admin'],
  access: { kind: 'roles', roles: ADMIN },
  request: { path: ManagerPath, body: ManagerBody },
  responses: { 200: { description: 'The manager as stored.', schema: ManagerRecordView } },
});

export const removeRelationshipManager = defineRoute({
  operationId: 'removeRelationshipManager',
  method: 'DELETE',
  path: '/admin/branches/{branchId}/relationship-managers/{managerId}',
  summary: 'A relationship manager leaves',
  description: 'The manager takes no new customers; their customers are reassigned in the background to the least loaded manager of the branch with room.' + rolesLine(ADMIN),
  tags: ['admin'],
  access: { kind: 'roles', roles: ADMIN },
  request: { path: ManagerPath },
  responses: { 202: { description: 'Marked as left; reassignment under way.', schema: ManagerRecordView } },
});

export const getSegmentationParameters = defineRoute({
  operationId: 'getSegmentationParameters',
  method: 'GET',
  path: '/admin/segmentation-parameters',
  summary: 'The segmentation parameters in force and the MVC percentile',
  description: 'The stage defaults until an admin saves parameters.' + rolesLine(ADMIN),
  tags: ['admin'],
  access: { kind: 'roles', roles: ADMIN },
  request: {},
  responses: { 200: { description: 'The parameters.', schema: ParametersView } },
});

export const putSegmentationParameters = defineRoute({
  operationId: 'putSegmentationParameters',
  method: 'PUT',
  path: '/admin/segmentation-parameters',
  summary: 'Replace the segmentation parameters',
  description: 'Validated field by field (422 names each bad field); 409 when another admin saved since expectedVersion. Applies to re-evaluations from now on and to the next recalibration.' + rolesLine(ADMIN),
  tags: ['admin'],
  access: { kind: 'roles', roles: ADMIN },
  request: { body: ParametersBody },
  responses: { 200: { description: 'The parameters as saved.', schema: ParametersView } },
});

export const postRecalibration = defineRoute({
  operationId: 'startRecalibration',
  method: 'POST',
  path: '/admin/segmentation-recalibrations',
  summary: 'Recalibrate the MVC threshold now',
  description:
    'Starts the run the schedule starts every night: a parallel scan of the whole base, the new percentile, fresh analytics, and every customer whose segment moves re-segmented and published. For applying edited parameters without waiting for the schedule. Poll the Location.' +
    rolesLine(ADMIN),
  tags: ['admin'],
  access: { kind: 'roles', roles: ADMIN },
  request: {},
  responses: { 202: { description: 'Started.', schema: RecalibrationView } },
});

export const getRecalibration = defineRoute({
  operationId: 'getRecalibration',
  method: 'GET',
  path: '/admin/segmentation-recalibrations/{runId}',
  summary: "A recalibration run's progress and result",
  description: 'Scheduled runs are named by the schedule time, runs started here by the request time.' + rolesLine(ADMIN),
  tags: ['admin'],
  access: { kind: 'roles', roles: ADMIN },
  request: { path: RecalibrationPath },
  responses: { 200: { description: 'The run.', schema: RecalibrationView } },
});

export const segmentationRoutes = [
  getCustomerSegment,
  getMyServiceTier,
  listSegmentCustomers,
  getSegmentAnalytics,
  listRelationshipManagers,
  putRelationshipManager,
  removeRelationshipManager,
  getSegmentationParameters,
  putSegmentationParameters,
  postRecalibration,
  getRecalibration,
] as const;
