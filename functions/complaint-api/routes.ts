// The complaint API's routes bound to what answers them: each route is read or decide, then shape.
// Knowledge administration and analytics are served by functions/complaint-insights.
import {
  fileComplaint as fileComplaintRoute,
  getComplaint,
  getComplaintHistory,
  listCustomerComplaints,
  listMyComplaints,
  listQueueComplaints,
  transitionComplaint,
} from '../../shared/contracts/api/complaints-routes';
import { OPEN_STATUSES, type ComplaintStatus } from '../../shared/domain/complaints/complaint';
import type { CustomerFactsSource } from '../../shared/adapters/complaint-customer-facts';
import type { CalendarSource } from '../../shared/adapters/complaint-calendars';
import type { ComplaintSettings } from '../../shared/adapters/complaint-settings';
import type { ServiceLevelsSource } from '../../shared/adapters/complaint-service-levels';
import type { ComplaintStore, Page } from '../../shared/adapters/complaint-store';
import type { ComplaintRecord } from '../../shared/adapters/complaint-records';
import { decodeCursor, encodeCursor } from '../../shared/http/cursor';
import { problems } from '../../shared/http/problems';
import { bindRoute, type RouteBinding } from '../../shared/http/route-binding';
import { actorOf, isStaff } from './complaint-actors';
import { complaintSummary, complaintView, historyView, type Audience } from './complaint-views';
import { fileComplaint } from './file-complaint';
import { KnowledgeBase } from '../../shared/adapters/complaint-knowledge';
import { moveComplaint, readAs } from './move-complaint';

export type ComplaintApiDeps = {
  store: ComplaintStore;
  facts: CustomerFactsSource;
  settings: ComplaintSettings;
  /** The calendar in force (shipped years and those an admin stored): intake's and reopening's deadlines. */
  calendar: CalendarSource;
  serviceLevels: ServiceLevelsSource;
  now: () => string;
};

const pageOf = (page: Page<ComplaintRecord>, audience: Audience, scope: string) => ({
  items: page.items.map((r) => complaintSummary(r, audience)),
  nextCursor: page.resumeAfter ? encodeCursor(page.resumeAfter, scope) : null,
});

const positionOf = (cursor: string | undefined, scope: string) => {
  if (cursor === undefined) return undefined;
  const position = decodeCursor(cursor, scope);
  if (position === undefined) throw problems.invalidRequest([{ field: 'query.cursor', message: 'is not a cursor of this list and these filters' }]);
  return position;
};

export function complaintApiBindings(deps: ComplaintApiDeps): RouteBinding[] {
  const { store } = deps;
  const knowledge = new KnowledgeBase(store, deps.now);
  const audienceOf = (caller: Parameters<typeof isStaff>[0]): Audience => (isStaff(caller) ? 'STAFF' : 'CUSTOMER');
  const reader = (caller: Parameters<typeof isStaff>[0]) => (isStaff(caller) ? undefined : { role: 'CUSTOMER', id: caller.customerId ?? '' });

  return [
    bindRoute(fileComplaintRoute).to(async ({ caller, body, headers }) => {
      // Whom for, and whether the caller may file for them, the router decided (need-to-know, `body.customerId`).
      const staff = isStaff(caller);
      const customerId = (staff ? body.customerId : caller.customerId)!;
      const answer = await fileComplaint(deps, {
        customerId,
        ...(body.category ? { category: body.category } : {}),
        ...(headers['idempotency-key'] ? { idempotencyKey: headers['idempotency-key'] } : {}),
        intake: {
          description: body.description,
          channel: body.channel,
          ...(body.accountId ? { accountId: body.accountId } : {}),
          ...(body.transactionId ? { transactionId: body.transactionId } : {}),
          ...(body.disputedAmount ? { disputedAmount: body.disputedAmount } : {}),
          ...(body.contactPreference ? { contactPreference: body.contactPreference } : {}),
          ...(body.cfpb ? { cfpb: body.cfpb } : {}),
          ...(body.suspectedFraud !== undefined ? { suspectedFraud: body.suspectedFraud } : {}),
          filedBy: { role: staff ? 'STAFF' : 'CUSTOMER', subject: caller.subject },
        },
      });
      const location = `/complaints/${answer.complaintId}`;
      return {
        status: 202,
        body: { complaintId: answer.complaintId, status: answer.status, receivedAt: answer.receivedAt, location },
        headers: { Location: location, ...(answer.replayed ? { 'Idempotent-Replayed': 'true' } : {}) },
      };
    }),

    bindRoute(getComplaint).to(async ({ caller, params }) => {
      const record = await readAs(store, params.complaintId, reader(caller));
      const audience = audienceOf(caller);
      const articles = audience === 'STAFF' ? await knowledge.forCategory(record.complaint.category) : [];
      return { status: 200, body: complaintView(record, audience, articles) };
    }),

    bindRoute(getComplaintHistory).to(async ({ caller, params }) => {
      await readAs(store, params.complaintId, reader(caller));
      return { status: 200, body: historyView(params.complaintId, await store.history(params.complaintId), audienceOf(caller)) };
    }),

    bindRoute(transitionComplaint).to(async ({ caller, params, body, event }) => {
      const actor = actorOf(caller, event);
      if (!actor) throw problems.forbidden();
      const moved = await moveComplaint(deps, params.complaintId, actor, body);
      const audience = audienceOf(caller);
      const articles = audience === 'STAFF' ? await knowledge.forCategory(moved.complaint.category) : [];
      return { status: 200, body: complaintView(moved, audience, articles) };
    }),

    bindRoute(listQueueComplaints).to(async ({ params, query }) => {
      const statuses: readonly ComplaintStatus[] = query.status ? [query.status] : OPEN_STATUSES.filter((s) => s !== 'RECEIVED');
      const scope = ['queue', params.queue, query.status ?? ''].join('\u0000');
      const startAfter = positionOf(query.cursor, scope);
      const page = await store.byQueue(params.queue, statuses, { limit: query.limit, ...(startAfter ? { startAfter } : {}) });
      return { status: 200, body: pageOf(page, 'STAFF', scope) };
    }),

    bindRoute(listCustomerComplaints).to(async ({ params, query }) => {
      const scope = ['customer', params.customerId].join('\u0000');
      const startAfter = positionOf(query.cursor, scope);
      const page = await store.byCustomer(params.customerId, { limit: query.limit, ...(startAfter ? { startAfter } : {}) });
      return { status: 200, body: pageOf(page, 'STAFF', scope) };
    }),

    bindRoute(listMyComplaints).to(async ({ caller, query }) => {
      const customerId = caller.customerId!;
      const scope = ['me', customerId].join('\u0000');
      const startAfter = positionOf(query.cursor, scope);
      const page = await store.byCustomer(customerId, { limit: query.limit, ...(startAfter ? { startAfter } : {}) });
      return { status: 200, body: pageOf(page, 'CUSTOMER', scope) };
    }),

  ];
}
