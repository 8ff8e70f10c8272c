// SQS consumer of ComplaintReceived (EventBridge rule → queue): routes each complaint. Partial batch
// responses: only the messages that failed come back. A message that can never be routed (not a
// ComplaintReceived, or no such complaint) goes to the dead-letter queue at once, with its reason.
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { SQSClient } from '@aws-sdk/client-sqs';
import middy from '@middy/core';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { CustomerRecordsFacts } from '../../shared/adapters/complaint-customer-facts';
import { EventBridgeComplaintEvents } from '../../shared/adapters/complaint-event-publisher';
import { complaintSettingsFrom } from '../../shared/adapters/complaint-settings';
import { ComplaintStore } from '../../shared/adapters/complaint-store';
import { dynamoDbClient } from '../../shared/adapters/dynamodb-client';
import { RejectedEventsQueue } from '../../shared/adapters/rejected-events';
import { ComplaintReceived } from '../../shared/contracts/events/complaint-events';
import { requiredEnv } from '../../shared/runtime/env';
import { logger, metrics, tracer } from '../../shared/runtime/observability';
import { routeReceivedComplaint, type RouterDeps } from './route-received';

const dynamo = tracer.captureAWSv3Client(dynamoDbClient());
const deps: RouterDeps = {
  store: new ComplaintStore(dynamo, requiredEnv('COMPLAINTS_TABLE_NAME')),
  facts: new CustomerRecordsFacts(dynamo, requiredEnv('CUSTOMER_RECORDS_TABLE_NAME')),
  events: new EventBridgeComplaintEvents(tracer.captureAWSv3Client(new EventBridgeClient({})), requiredEnv('EVENT_BUS_NAME')),
  settings: complaintSettingsFrom(process.env),
  now: () => new Date().toISOString(),
};
const rejected = new RejectedEventsQueue(tracer.captureAWSv3Client(new SQSClient({})), requiredEnv('REJECTED_EVENTS_QUEUE_URL'), 'complaint-router');

const processor = new BatchProcessor(EventType.SQS);

async function processRecord(record: SQSRecord) {
  let detail: unknown;
  try {
    detail = (JSON.parse(record.body) as { detail?: unknown }).detail;
  } catch {
    detail = undefined;
  }
  const parsed = ComplaintReceived.safeParse(detail);
  const reject = async (reason: string) => {
    await rejected.reject({ body: record.body, reason, messageId: record.messageId });
    logger.warn('Message rejected to the dead-letter queue', { messageId: record.messageId, reason });
    metrics.addMetric('ComplaintsNotRoutable', MetricUnit.Count, 1);
  };
  if (!parsed.success) {
    // Field paths and codes only: never the values.
    return reject(`not a ComplaintReceived: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'} ${i.code}`).join('; ')}`);
  }
  const outcome = await routeReceivedComplaint(deps, parsed.data);
  if (outcome.status === 'not-routable') return reject(outcome.reason);
  if (outcome.status === 'routed') {
    logger.info('Complaint routed', { complaintId: parsed.data.complaintId, queue: outcome.queue, priority: outcome.priority, escalated: outcome.escalated });
    metrics.addMetric('ComplaintsRouted', MetricUnit.Count, 1);
  } else {
    metrics.addMetric('ComplaintsAlreadyRouted', MetricUnit.Count, 1);
  }
}

export const handler = middy((event: SQSEvent, context: Context) => processPartialResponse(event, processRecord, processor, { context }))
  .use(captureLambdaHandler(tracer))
  .use(injectLambdaContext(logger))
  .use(logMetrics(metrics));
