// Access-record entries → what compliance sees (everything recorded) and what the customer sees (role,
// staff reference, what and when; not the subject, the route's internals nor the reason's text).
import type { StoredAccessEntry } from '../../shared/data-protection/access-record';

export const complianceEntry = (e: StoredAccessEntry) => ({
  at: e.at,
  customerId: e.customerId,
  subject: e.subject,
  staffRef: e.staffRef ?? null,
  role: e.role,
  operationId: e.operationId,
  method: e.method,
  route: e.route,
  operation: e.operation,
  grant: e.grant,
  view: e.view,
  reason: e.reason ?? null,
  correlationId: e.correlationId,
});

/** In the customer's words; an operation added later without a label reads as "Your data". */
const WHAT: Record<string, string> = {
  getCustomer: 'Your profile, accounts and balances',
  getCustomerTimeline: 'Your transactions and contacts with the bank',
  getCustomerSegment: 'Your service tier assessment',
  listSegmentCustomers: 'A list of customers that included you',
  getComplaint: 'Your complaint',
  getComplaintHistory: "Your complaint's history",
  transitionComplaint: 'Your complaint (progressed)',
  listQueueComplaints: 'A list of complaints that included yours',
  listCustomerComplaints: 'Your complaints',
  fileComplaint: 'A complaint filed for you',
  listErasureRequests: 'Your erasure request (reviewed)',
  approveErasureRequest: 'Your erasure request (approved and carried out)',
};

export const customerEntry = (e: StoredAccessEntry) => ({
  at: e.at,
  staffRole: e.role,
  staffRef: e.staffRef ?? '',
  what: WHAT[e.operationId] ?? 'Your data',
  operation: e.operation,
  breakGlass: e.grant === 'BREAK_GLASS',
});
