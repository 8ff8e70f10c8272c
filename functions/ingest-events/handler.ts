// SQS consumer of core-banking events: keeps customer records in DynamoDB.
// Thin on purpose: configuration and clients once per cold start, the rules in shared/.
import { SQSClient } from '@aws-sdk/client-sqs';
import { CustomerRecordsWriter } from '../../shared/adapters/customer-records-writer';
import { dynamoDbClient } from '../../shared/adapters/dynamodb-client';
import { RejectedEventsQueue } from '../../shared/adapters/rejected-events';
import { CORE_BANKING_SOURCE } from '../../shared/contracts/events';
import { ingestRecord, type IngestDeps } from '../../shared/ingestion/ingest-record';
import { optionalEnv, requiredEnv } from '../../shared/runtime/env';
import { tracer } from '../../shared/runtime/observability';
import { sqsHandler } from '../../shared/runtime/sqs-handler';

const deps: IngestDeps = {
  writer: new CustomerRecordsWriter(tracer.captureAWSv3Client(dynamoDbClient()), requiredEnv('TABLE_NAME')),
  eventSource: optionalEnv('EVENT_SOURCE', CORE_BANKING_SOURCE),
};
const rejected = new RejectedEventsQueue(tracer.captureAWSv3Client(new SQSClient({})), requiredEnv('REJECTED_EVENTS_QUEUE_URL'), 'ingest-events');

export const handler = sqsHandler(async (record) => {
  const outcome = await ingestRecord(record, deps);
  if (outcome.status === 'rejected') return { reject: outcome.reason, metric: 'EventsRejected' };
  return { metric: outcome.status === 'applied' ? 'EventsApplied' : 'EventsUnchanged' };
}, rejected);
