// The customer API's routes bound to what answers them. Reading and shaping live in shared/ and in the
// view modules beside this file; each route here is: read, 404 if nothing, shape.
import { getCustomer, getCustomerTimeline, getMe } from '../../shared/contracts/api/routes';
import type { CustomerRecordsReader } from '../../shared/adapters/customer-records-reader';
import type { ServiceLevels } from '../../shared/domain/segment-parameters';
import { problems } from '../../shared/http/problems';
import { bindRoute, type RouteBinding } from '../../shared/http/route-binding';
import { customerView, isKnownCustomer, myEssentials, type AssignmentSummary } from './customer-views';
import { planTimelineRead, timelinePage, TIMELINE_READ_BUDGET } from './timeline-pages';

export type CustomerApiDeps = {
  reader: Pick<CustomerRecordsReader, 'customerRecords' | 'timeline'>;
  /** The stored segment assignment (segmentation); absent, every customer shows as not yet assessed. */
  segments?: { assignment: (customerId: string) => Promise<AssignmentSummary | undefined> };
  /** The service levels in force (segmentation parameters): /me shows the same tier as /me/service-tier. */
  serviceLevels: () => Promise<ServiceLevels>;
};

export const customerApiBindings = ({ reader, segments, serviceLevels }: CustomerApiDeps): RouteBinding[] => [
  bindRoute(getCustomer).to(async ({ params }) => {
    const [records, assignment] = await Promise.all([reader.customerRecords(params.customerId), segments?.assignment(params.customerId)]);
    if (!isKnownCustomer(records)) throw problems.notFound('No customer with this id.');
    return { status: 200, body: customerView(params.customerId, records, assignment) };
  }),

  bindRoute(getCustomerTimeline).to(async ({ params, query }) => {
    const plan = planTimelineRead(params.customerId, query);
    const slice = await reader.timeline(params.customerId, {
      range: plan.range,
      pageSize: query.limit,
      readBudget: TIMELINE_READ_BUDGET,
      ...(query.channel ? { channel: query.channel } : {}),
      ...(plan.startAfter ? { startAfter: plan.startAfter } : {}),
    });
    return { status: 200, body: timelinePage(params.customerId, plan, slice) };
  }),

  bindRoute(getMe).to(async ({ caller }) => {
    // authorize() lets a customer through only with a customerId in its token.
    const customerId = caller.customerId!;
    const [records, assignment, levels] = await Promise.all([reader.customerRecords(customerId), segments?.assignment(customerId), serviceLevels()]);
    if (!isKnownCustomer(records)) throw problems.notFound('Your customer record is not available yet.');
    return { status: 200, body: myEssentials(customerId, records, levels, assignment) };
  }),
];
