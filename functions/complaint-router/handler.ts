// SQS consumer of ComplaintReceived (EventBridge rule → queue): routes each complaint. Partial batch
// responses: only the messages that failed come back. A message that can never be routed (not a
// ComplaintReceived, or no such complaint) goes to the dead-letter queue at once, with its reason.
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { SQSClient } from '@aws-sdk/client-sqs';
import { CustomerRecordsFacts } from '../../shared/adapters/complaint-customer-facts';
import { EventBridgeComplaintEvents } from '../../shared/adapters/complaint-event-publisher';
import { CalendarInForce, ComplaintCalendarStore } from '../../shared/adapters/complaint-calendars';
import { complaintSettingsFrom } from '../../shared/adapters/complaint-settings';
import { segmentationServiceLevels } from '../../shared/adapters/complaint-service-levels';
import { ComplaintStore } from '../../shared/adapters/complaint-store';
import { dynamoDbClient } from '../../shared/adapters/dynamodb-client';
import { RejectedEventsQueue } from '../../shared/adapters/rejected-events';
import { ComplaintReceived } from '../../shared/contracts/events/complaint-events';
import { requiredEnv } from '../../shared/runtime/env';
import { logger, tracer } from '../../shared/runtime/observability';
import { sqsHandler } from '../../shared/runtime/sqs-handler';
import { routeReceivedComplaint, type RouterDeps } from './route-received';

const dynamo = tracer.captureAWSv3Client(dynamoDbClient());
const settings = complaintSettingsFrom(process.env);
const deps: RouterDeps = {
  store: new ComplaintStore(dynamo, requiredEnv('COMPLAINTS_TABLE_NAME')),
  facts: new CustomerRecordsFacts(dynamo, requiredEnv('CUSTOMER_RECORDS_TABLE_NAME')),
  events: new EventBridgeComplaintEvents(tracer.captureAWSv3Client(new EventBridgeClient({})), requiredEnv('EVENT_BUS_NAME')),
  settings,
  calendar: new CalendarInForce(new ComplaintCalendarStore(dynamo, requiredEnv('COMPLAINTS_TABLE_NAME')), settings.jurisdiction, settings.extraDays),
  serviceLevels: segmentationServiceLevels(dynamo, requiredEnv('CUSTOMER_RECORDS_TABLE_NAME')),
  now: () => new Date().toISOString(),
};
const rejected = new RejectedEventsQueue(tracer.captureAWSv3Client(new SQSClient({})), requiredEnv('REJECTED_EVENTS_QUEUE_URL'), 'complaint-router');

export const handler = sqsHandler(async (record) => {
  let detail: unknown;
  try {
    detail = (JSON.parse(record.body) as { detail?: unknown }).detail;
  } catch {
    detail = undefined;
  }
  const parsed = ComplaintReceived.safeParse(detail);
  if (!parsed.success) {
    // Field paths and codes only: never the values.
    const fields = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'} ${i.code}`).join('; ');
    return { reject: `not a ComplaintReceived: ${fields}`, metric: 'ComplaintsNotRoutable' };
  }
  const outcome = await routeReceivedComplaint(deps, parsed.data);
  if (outcome.status === 'not-routable') return { reject: outcome.reason, metric: 'ComplaintsNotRoutable' };
  if (outcome.status === 'routed') {
    logger.info('Complaint routed', { complaintId: parsed.data.complaintId, queue: outcome.queue, priority: outcome.priority, escalated: outcome.escalated });
    if (!outcome.beyondKnownCalendar) return { metric: 'ComplaintsRouted' };
    // The alarm on this metric asks an admin to add the next year's holidays (PUT /admin/complaint-calendars/...).
    logger.warn('Deadline counted past the known holiday calendar', { complaintId: parsed.data.complaintId, jurisdiction: settings.jurisdiction });
    return [{ metric: 'ComplaintsRouted' }, { metric: 'DeadlinesBeyondKnownCalendar' }];
  }
  return { metric: 'ComplaintsAlreadyRouted' };
}, rejected);
