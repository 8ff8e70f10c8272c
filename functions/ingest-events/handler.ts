// SQS consumer of core-banking events: keeps customer records in DynamoDB.
// Thin on purpose: configuration and clients once per cold start, the rules in shared/.
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { SQSClient } from '@aws-sdk/client-sqs';
import { AccountDirectory } from '../../shared/accounts/adapters/account-directory';
import { ParkedEntries } from '../../shared/accounts/adapters/parked-entries';
import { releaseParkedEntries } from '../../shared/accounts/use-cases/release-parked-entries';
import { CustomerRecordsWriter } from '../../shared/adapters/customer-records-writer';
import { dynamoDbClient } from '../../shared/adapters/dynamodb-client';
import { RejectedEventsQueue } from '../../shared/adapters/rejected-events';
import { CoreBankingPublisher } from '../../shared/connectors/adapters/core-banking-publisher';
import { CORE_BANKING_SOURCE } from '../../shared/contracts/events';
import { ingestRecord, type IngestDeps } from '../../shared/ingestion/ingest-record';
import { optionalEnv, requiredEnv } from '../../shared/runtime/env';
import { tracer } from '../../shared/runtime/observability';
import { sqsHandler } from '../../shared/runtime/sqs-handler';

const tableName = requiredEnv('TABLE_NAME');
// Needed only to release parked entries; infra always sets it (tests/infra/accounts.test.ts). Tests
// and benchmarks that never park run without it, and a release without it fails loudly (retried).
const busName = optionalEnv('EVENT_BUS_NAME', '');
const eventSource = optionalEnv('EVENT_SOURCE', CORE_BANKING_SOURCE);
const dynamoDb = tracer.captureAWSv3Client(dynamoDbClient());
const eventBridge = tracer.captureAWSv3Client(new EventBridgeClient({}));
const release = {
  directory: new AccountDirectory(dynamoDb, tableName),
  parked: new ParkedEntries(dynamoDb, tableName),
  // Released entries go out under the source of the producer that sent them (docs/accounts.md).
  publish: (events: Parameters<CoreBankingPublisher['publish']>[0], source: string) => {
    if (!busName) throw new Error('EVENT_BUS_NAME is not set: parked entries cannot be released');
    return new CoreBankingPublisher(eventBridge, busName, source).publish(events);
  },
  eventSource,
};

const deps: IngestDeps = {
  writer: new CustomerRecordsWriter(dynamoDb, tableName),
  eventSource,
  releaseParked: (accountId) => releaseParkedEntries(release, accountId),
};
const rejected = new RejectedEventsQueue(tracer.captureAWSv3Client(new SQSClient({})), requiredEnv('REJECTED_EVENTS_QUEUE_URL'), 'ingest-events');

export const handler = sqsHandler(async (record) => {
  const outcome = await ingestRecord(record, deps);
  if (outcome.status === 'rejected') return { reject: outcome.reason, metric: 'EventsRejected' };
  return { metric: outcome.status === 'applied' ? 'EventsApplied' : 'EventsUnchanged' };
}, rejected);
