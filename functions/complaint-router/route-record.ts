// One stream record of the routing outbox → what became of it (routed, already routed, rejected), with
// the metrics the operators watch. Separate from the handler so that a test can run the real processing
// under the real stream mapping with a publisher that fails.
import type { Context } from 'aws-lambda';
import { ComplaintEventBatch } from '../../shared/adapters/complaint-event-batch';
import { outboxEntry } from '../../shared/adapters/complaint-outbox';
import { logger } from '../../shared/runtime/observability';
import type { StreamRecordProcessor } from '../../shared/runtime/stream-handler';
import { RoutingReads } from './batch-reads';
import { routeStoredComplaint, type RouterDeps } from './route-received';

export const outboxRecordProcessor = (deps: RouterDeps): StreamRecordProcessor => {
  // Per invocation (its context), shared by the records of one stream batch: their events publish
  // together, their reads are made together (batch-reads.ts).
  const batches = new WeakMap<Context, { events: ComplaintEventBatch; reads: RoutingReads }>();
  const batchOf = (context: Context) => {
    let batch = batches.get(context);
    if (!batch) batches.set(context, (batch = { events: new ComplaintEventBatch(deps.events), reads: new RoutingReads(deps) }));
    return batch;
  };
  return async (record, context) => {
    const batch = batchOf(context);
    const events = batch.events.join();
    try {
      return await processRecord({ ...deps, events }, batch.reads, record);
    } finally {
      events.leave();
    }
  };
};

async function processRecord(deps: RouterDeps, reads: RoutingReads, record: Parameters<StreamRecordProcessor>[0]): ReturnType<StreamRecordProcessor> {
  const entry = outboxEntry(record);
  if ('unreadable' in entry) return { reject: entry.unreadable, metric: 'ComplaintsNotRoutable' };
  const outcome = await routeStoredComplaint(deps, entry.complaintId, entry.record, reads);
  if (outcome.status === 'not-routable') return { reject: outcome.reason, metric: 'ComplaintsNotRoutable' };
  if (outcome.status === 'routed') {
    logger.info('Complaint routed', { complaintId: entry.complaintId, queue: outcome.queue, priority: outcome.priority, escalated: outcome.escalated });
    if (!outcome.beyondKnownCalendar) return { metric: 'ComplaintsRouted' };
    // The alarm on this metric asks an admin to add the next year's holidays (PUT /admin/complaint-calendars/...).
    logger.warn('Deadline counted past the known holiday calendar', { complaintId: entry.complaintId, jurisdiction: deps.settings.jurisdiction });
    return [{ metric: 'ComplaintsRouted' }, { metric: 'DeadlinesBeyondKnownCalendar' }];
  }
  return { metric: 'ComplaintsAlreadyRouted' };
}
