// The customer API as it runs deployed, on a real socket: the routes and gateway responses of the
// synthesized template served by the local API Gateway, the real handler invoked in-process, DynamoDB
// Local behind it holding records written by the real ingestion handler.
import type { StageConfig } from '../../../infra/stage-config';
import { startTestGateway, useFunctionEnvironment } from '../../support/api-harness';
import { envelope, lambdaContext, sqsBatch, sqsRecord } from '../../support/events';
import { createCustomerTable, createQueue, useAccessRecord, useLocalAwsEnvironment } from '../../support/local-aws';
import type { FixtureEvent } from './customer-fixtures';
import { functionLogicalId, synthCustomerApi } from './synth-customer-api';


export async function ingest(events: FixtureEvent[]) {
  const { handler } = await import('../../../functions/ingest-events/handler');
  for (let i = 0; i < events.length; i += 10) {
    const records = events.slice(i, i + 10).map((e) => sqsRecord(envelope(e.detailType, e.detail)));
    const result = await handler(sqsBatch(records), lambdaContext('ingest-events'));
    if (result.batchItemFailures.length) throw new Error(`ingestion failed for ${JSON.stringify(result.batchItemFailures)}`);
  }
}

export async function startCustomerApi(options: {
  events: FixtureEvent[];
  api?: Partial<StageConfig['api']>;
  /** Environment set before the handler loads, e.g. POWERTOOLS_LOG_LEVEL. */
  env?: Record<string, string | undefined>;
}) {
  const { resources, config } = synthCustomerApi('dev', options.api);
  const customerApiId = functionLogicalId(resources, 'customer-api');
  const apiDocumentId = functionLogicalId(resources, 'api-document');
  const accessRecordApiId = functionLogicalId(resources, 'access-record-api');

  useLocalAwsEnvironment();
  process.env.TABLE_NAME = await createCustomerTable();
  process.env.REJECTED_EVENTS_QUEUE_URL = await createQueue();
  const accessRecordTable = await useAccessRecord();
  useFunctionEnvironment(resources, customerApiId, options.env);
  await ingest(options.events);
  const { handler } = await import('../../../functions/customer-api/handler');
  const { handler: documentHandler } = await import('../../../functions/api-document/handler');
  const { handler: accessRecordHandler } = await import('../../../functions/access-record-api/handler');
  const gateway = await startTestGateway({
    resources,
    stage: config.stage,
    handlers: {
      [customerApiId]: { name: 'customer-api', handler },
      [apiDocumentId]: { name: 'api-document', handler: documentHandler },
      [accessRecordApiId]: { name: 'access-record-api', handler: accessRecordHandler },
    },
  });
  return { ...gateway, resources, accessRecordTable };
}

export type CustomerApiHarness = Awaited<ReturnType<typeof startCustomerApi>>;
