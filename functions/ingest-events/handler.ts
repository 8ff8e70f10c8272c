// SQS consumer of core-banking events: keeps customer records in DynamoDB.
// Thin on purpose: configuration and clients once per cold start, the rules in shared/.
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import { SQSClient } from '@aws-sdk/client-sqs';
import middy from '@middy/core';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { CustomerRecordsWriter } from '../../shared/adapters/customer-records-writer';
import { dynamoDbClient } from '../../shared/adapters/dynamodb-client';
import { RejectedEventsQueue } from '../../shared/adapters/rejected-events';
import { CORE_BANKING_SOURCE } from '../../shared/contracts/events';
import { ingestRecord, type IngestDeps } from '../../shared/ingestion/ingest-record';
import { logger, metrics, tracer } from '../../shared/runtime/observability';
import { optionalEnv, requiredEnv } from '../../shared/runtime/env';

const deps: IngestDeps = {
  writer: new CustomerRecordsWriter(tracer.captureAWSv3Client(dynamoDbClient()), requiredEnv('TABLE_NAME')),
  rejected: new RejectedEventsQueue(
    tracer.captureAWSv3Client(new SQSClient({})),
    requiredEnv('REJECTED_EVENTS_QUEUE_URL'),
    'ingest-events',
  ),
  eventSource: optionalEnv('EVENT_SOURCE', CORE_BANKING_SOURCE),
};

const processor = new BatchProcessor(EventType.SQS);

async function processRecord(record: SQSRecord) {
  const outcome = await ingestRecord(record, deps);
  if (outcome.status === 'rejected') {
    // The reason names fields, never their values: no personal data reaches the logs.
    logger.warn('Event rejected to the dead-letter queue', { messageId: record.messageId, reason: outcome.reason });
    metrics.addMetric('EventsRejected', MetricUnit.Count, 1);
  } else {
    metrics.addMetric(outcome.status === 'applied' ? 'EventsApplied' : 'EventsUnchanged', MetricUnit.Count, 1);
  }
}

export const handler = middy((event: SQSEvent, context: Context) =>
  processPartialResponse(event, processRecord, processor, { context }),
)
  .use(captureLambdaHandler(tracer))
  .use(injectLambdaContext(logger))
  .use(logMetrics(metrics));
