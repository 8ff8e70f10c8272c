// Consumer of Fineract's external events from Amazon MQ (ActiveMQ), through Lambda's MQ event source
// mapping. Thin: clients once per cold start; decoding, mapping and the poison-message policy live in
// shared/fineract (use-cases/ingest-fineract-messages.ts says why a bad message never fails the batch).
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { SQSClient } from '@aws-sdk/client-sqs';
import middy from '@middy/core';
import { AccountDirectory } from '../../shared/accounts/adapters/account-directory';
import { ParkedEntries } from '../../shared/accounts/adapters/parked-entries';
import { resolveAccounts } from '../../shared/accounts/use-cases/resolve-accounts';
import { dynamoDbClient } from '../../shared/adapters/dynamodb-client';
import { RejectedEventsQueue } from '../../shared/adapters/rejected-events';
import { CoreBankingPublisher } from '../../shared/connectors/adapters/core-banking-publisher';
import type { ActiveMqEvent } from '../../shared/fineract/adapters/mq-event';
import { ingestFineractMessages, type FineractIngestDeps } from '../../shared/fineract/use-cases/ingest-fineract-messages';
import { requiredEnv } from '../../shared/runtime/env';
import { logger, metrics, tracer } from '../../shared/runtime/observability';

const tableName = requiredEnv('TABLE_NAME');
const dynamoDb = tracer.captureAWSv3Client(dynamoDbClient());
const publisher = new CoreBankingPublisher(tracer.captureAWSv3Client(new EventBridgeClient({})), requiredEnv('EVENT_BUS_NAME'), requiredEnv('EVENT_SOURCE'));
const accounts = { directory: new AccountDirectory(dynamoDb, tableName), parked: new ParkedEntries(dynamoDb, tableName), now: () => new Date() };
const rejected = new RejectedEventsQueue(tracer.captureAWSv3Client(new SQSClient({})), requiredEnv('REJECTED_MESSAGES_QUEUE_URL'), 'fineract-events');

const deps: FineractIngestDeps = {
  publish: (events) => publisher.publish(events),
  resolveAccounts: (events) => resolveAccounts(accounts, events),
  deadLetter: async ({ messageId, body, reason }) => {
    await rejected.reject({ messageId, body, reason });
    // The reason names fields and schemas, never values; the message id is the broker's.
    logger.warn('Fineract message rejected to the dead-letter queue', { messageId, reason });
  },
};

export const handler = middy(async (event: ActiveMqEvent) => {
  const counts = await ingestFineractMessages(event.messages ?? [], deps);
  for (const [metric, n] of Object.entries(counts)) metrics.addMetric(metric, MetricUnit.Count, n);
})
  .use(captureLambdaHandler(tracer, { captureResponse: false }))
  .use(injectLambdaContext(logger))
  .use(logMetrics(metrics));
