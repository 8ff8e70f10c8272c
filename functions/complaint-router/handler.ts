// The complaints table's stream (the routing outbox, shared/adapters/complaint-outbox.ts: complaint items
// written while RECEIVED) → each complaint routed. Partial batch responses: the mapping retries from the
// first record that failed. A record that can never be routed (not a complaint item, or no such
// complaint) goes to the rejected-records queue at once, with its reason.
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { SQSClient } from '@aws-sdk/client-sqs';
import { CustomerRecordsBatchFacts } from '../../shared/adapters/complaint-customer-facts';
import { EventBridgeComplaintEvents } from '../../shared/adapters/complaint-event-publisher';
import { CalendarInForce, ComplaintCalendarStore } from '../../shared/adapters/complaint-calendars';
import { complaintSettingsFrom } from '../../shared/adapters/complaint-settings';
import { segmentationServiceLevels } from '../../shared/adapters/complaint-service-levels';
import { ComplaintStore } from '../../shared/adapters/complaint-store';
import { dynamoDbClient } from '../../shared/adapters/dynamodb-client';
import { RejectedEventsQueue } from '../../shared/adapters/rejected-events';
import { requiredEnv } from '../../shared/runtime/env';
import { tracer } from '../../shared/runtime/observability';
import { streamHandler } from '../../shared/runtime/stream-handler';
import type { RouterDeps } from './route-received';
import { outboxRecordProcessor } from './route-record';

const dynamo = tracer.captureAWSv3Client(dynamoDbClient());
const settings = complaintSettingsFrom(process.env);
const deps: RouterDeps = {
  store: new ComplaintStore(dynamo, requiredEnv('COMPLAINTS_TABLE_NAME')),
  facts: new CustomerRecordsBatchFacts(dynamo, requiredEnv('CUSTOMER_RECORDS_TABLE_NAME')),
  events: new EventBridgeComplaintEvents(tracer.captureAWSv3Client(new EventBridgeClient({})), requiredEnv('EVENT_BUS_NAME')),
  settings,
  calendar: new CalendarInForce(new ComplaintCalendarStore(dynamo, requiredEnv('COMPLAINTS_TABLE_NAME')), settings.jurisdiction, settings.extraDays),
  serviceLevels: segmentationServiceLevels(dynamo, requiredEnv('CUSTOMER_RECORDS_TABLE_NAME')),
  now: () => new Date().toISOString(),
};
const rejected = new RejectedEventsQueue(tracer.captureAWSv3Client(new SQSClient({})), requiredEnv('REJECTED_EVENTS_QUEUE_URL'), 'complaint-router');

export const handler = streamHandler(outboxRecordProcessor(deps), rejected);
