// Data protection (issue 14): a customer's marketing consent, erasure request and data export; the
// compliance role's list and approval of erasure requests. Served by the data-protection-api function.
import {
  ConsentChangeRequest,
  ConsentPathParams,
  ConsentView,
  ErasureRequestList,
  ErasureRequestListQuery,
  ErasureRequestPathParams,
  ErasureRequestView,
  MyConsents,
  MyDataExport,
} from './data-protection';
import { defineRoute } from './route-contract';

const rolesLine = (roles: readonly string[]) => `\n\nRoles: ${roles.join(', ')}.`;
const recordedLine = '\n\nEvery customer whose request is shown or approved is recorded in the access record (grant COMPLIANCE, with the purpose as reason).';
/** Why compliance reaches these customers: recorded as the reason of each access (docs/data-protection.md). */
export const ERASURE_REVIEW = "Reviewing the customer's erasure request (GDPR art. 17, PIPL art. 47)";
export const ERASURE_APPROVAL = "Approving and carrying out the customer's erasure request (GDPR art. 17, PIPL art. 47)";

export const getMyConsents = defineRoute({
  operationId: 'getMyConsents',
  method: 'GET',
  path: '/me/consents',
  summary: "The signed-in customer's marketing consent, per purpose and channel",
  description:
    'Every purpose × channel with its state. NOT_GIVEN means the customer never decided, which permits no marketing. ' +
    'Decisions made in branch or in the bank\'s other systems arrive as MarketingConsentChanged events; the newest ' +
    'decision wins, wherever it was made.' +
    rolesLine(['customer']),
  tags: ['me'],
  access: { kind: 'roles', roles: ['customer'] },
  request: {},
  responses: { 200: { description: 'The consents.', schema: MyConsents } },
});

export const putMyConsent = defineRoute({
  operationId: 'putMyConsent',
  method: 'PUT',
  path: '/me/consents/{purpose}/{channel}',
  summary: 'Give or withdraw marketing consent for one purpose on one channel',
  description:
    'Takes effect at once for what the bank publishes from now on: the decision in force is announced on the bus ' +
    '(CustomerMarketingConsentChanged) before the answer, and segment-change events carry it. A 503 means it is stored ' +
    'but not yet announced: retry the same request. ' +
    'Withdrawing is as easy as giving (GDPR art. 7(3)).' +
    rolesLine(['customer']),
  tags: ['me'],
  access: { kind: 'roles', roles: ['customer'] },
  request: { path: ConsentPathParams, body: ConsentChangeRequest, maxBodyBytes: 1024 },
  responses: { 200: { description: 'The consent as it now stands.', schema: ConsentView } },
});

export const requestMyErasure = defineRoute({
  operationId: 'requestMyErasure',
  method: 'POST',
  path: '/me/erasure-requests',
  summary: 'Ask the bank to erase the personal data the CRM holds about you',
  description:
    'Creates a PENDING request that a compliance officer approves. What financial-record retention requires is then ' +
    'kept in pseudonymised form for the period the stage names, and deleted after it. A second request while one is ' +
    'pending answers 200 with the pending one.' +
    rolesLine(['customer']),
  tags: ['me'],
  access: { kind: 'roles', roles: ['customer'] },
  request: {},
  responses: {
    201: { description: 'The request, pending approval.', schema: ErasureRequestView },
    200: { description: 'The request already pending.', schema: ErasureRequestView },
  },
});

export const exportMyData = defineRoute({
  operationId: 'exportMyData',
  method: 'GET',
  path: '/me/export',
  summary: 'Everything the CRM holds about you, as one JSON document',
  description:
    'Profile, accounts, balances, loan statuses, the whole timeline, consents, complaints with what you told us, and ' +
    'any erasure request: access and portability (GDPR art. 15 and 20, PIPL art. 45). The bank\'s internal segment ' +
    'labels are not part of it; the service tier is at /me.' +
    rolesLine(['customer']),
  tags: ['me'],
  access: { kind: 'roles', roles: ['customer'] },
  request: {},
  responses: { 200: { description: 'The export.', schema: MyDataExport, headers: { 'Content-Disposition': { description: 'attachment; filename=…' } } } },
});

export const listErasureRequests = defineRoute({
  operationId: 'listErasureRequests',
  method: 'GET',
  path: '/admin/erasure-requests',
  summary: 'Erasure requests in one status, oldest first (compliance)',
  description: 'The queue compliance works through: PENDING by default, at most 100.' + recordedLine + rolesLine(['compliance']),
  tags: ['data-protection'],
  access: {
    kind: 'roles',
    roles: ['compliance'],
    personalData: {
      subject: { kind: 'erasureRequest' },
      operation: 'read',
      disclosed: (list: { requests: readonly { customerId: string }[] }) => list.requests.map((r) => r.customerId),
      purpose: ERASURE_REVIEW,
    },
  },
  request: { query: ErasureRequestListQuery },
  responses: { 200: { description: 'The requests.', schema: ErasureRequestList } },
});

export const approveErasureRequest = defineRoute({
  operationId: 'approveErasureRequest',
  method: 'POST',
  path: '/admin/erasure-requests/{requestId}/approve',
  summary: 'Approve an erasure request and carry it out (compliance)',
  description:
    "Erases or pseudonymises the customer's personal data across profile, timeline, complaints, consents and " +
    'segment records, keeping financial records for retention, and leaves a tombstone that ingestion checks, so no ' +
    'redelivered, late or replayed event brings the data back. Approving an erased request again changes nothing ' +
    'and answers the same; approving after an interruption finishes the erasure.' +
    recordedLine +
    rolesLine(['compliance']),
  tags: ['data-protection'],
  access: {
    kind: 'roles',
    roles: ['compliance'],
    personalData: { subject: { kind: 'erasureRequest', param: 'requestId' }, operation: 'change', purpose: ERASURE_APPROVAL },
  },
  request: { path: ErasureRequestPathParams },
  responses: {
    200: { description: 'The request, erased.', schema: ErasureRequestView },
  },
});

export const dataProtectionRoutes = [getMyConsents, putMyConsent, requestMyErasure, exportMyData, listErasureRequests, approveErasureRequest] as const;

