// Ingestion throughput and cost: TransactionPosted events through the real handler into DynamoDB Local,
// against raw PutItem of the same items at the same concurrency, measured in the same run.
import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { CustomerRecordsWriter, type WriteCost } from '../shared/adapters/customer-records-writer';
import { CHANNELS } from '../shared/contracts/primitives';
import { exampleDetails } from '../shared/contracts/events/examples';
import { recordChangesFor } from '../shared/domain/record-changes';
import { ingestRecord } from '../shared/ingestion/ingest-record';
import { parseCoreBankingEvent } from '../shared/ingestion/parse-event';
import { startDynamoDbLocal, LOCAL_CREDENTIALS, LOCAL_REGION } from '../local/services/dynamodb-local';
import { createLayoutTable } from '../local/services/layout-tables';
import { CUSTOMER_RECORDS_TABLE } from '../shared/adapters/table-layouts';
import { envelope, lambdaContext, sqsBatch, sqsRecord } from '../tests/support/events';
import { fmt, printTable, runWithConcurrency } from './measure';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 20_000);
const CUSTOMERS = 1_000;
const BATCH_SIZE = 10; // the event source mapping's batch size
const CONCURRENT_INVOCATIONS = 4; // × BATCH_SIZE records in flight, processed in parallel by the handler
const IN_FLIGHT = BATCH_SIZE * CONCURRENT_INVOCATIONS;

function transactions(seed: string) {
  return Array.from({ length: EVENTS }, (_, i) => {
    const detail = {
      ...exampleDetails.TransactionPosted,
      eventId: `${seed}-${i}`,
      customerId: `C-${String(i % CUSTOMERS).padStart(6, '0')}`,
      occurredAt: new Date(Date.UTC(2026, 10, 1) + i * 7_919).toISOString(),
      channel: CHANNELS[i % CHANNELS.length],
      kind: 'CARD_PURCHASE',
      network: undefined,
      merchantCategoryCode: '5411',
      amount: { minor: 1_000 + ((i * 7_907) % 500_000), currency: 'CNY' },
    };
    return JSON.stringify(envelope('TransactionPosted', detail));
  });
}

const createTable = async (client: DynamoDBClient) => (await createLayoutTable(client, CUSTOMER_RECORDS_TABLE, 'bench')).tableName;

export default async function bench() {
  const dynamoDb = await startDynamoDbLocal();
  const config = { endpoint: dynamoDb.endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS };
  const client = new DynamoDBClient(config);
  try {
    Object.assign(process.env, {
      AWS_ENDPOINT_URL_DYNAMODB: dynamoDb.endpoint,
      AWS_REGION: LOCAL_REGION,
      AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
      POWERTOOLS_LOG_LEVEL: 'ERROR',
      POWERTOOLS_METRICS_DISABLED: 'true',
      POWERTOOLS_TRACE_ENABLED: 'false',
      POWERTOOLS_METRICS_NAMESPACE: 'Bench',
      REJECTED_EVENTS_QUEUE_URL: 'http://127.0.0.1:9/unused', // every bench event is valid
    });

    // Baseline: raw PutItem of the very items the handler writes, same number in flight.
    const rawTable = await createTable(client);
    const rawItems = transactions('raw').map((body) => {
      const parsed = parseCoreBankingEvent(body, 'core.banking');
      if (!parsed.ok) throw new Error(parsed.reason);
      const [change] = recordChangesFor(parsed.event);
      if (change?.kind !== 'insertOnce') throw new Error('unexpected change');
      return marshall({ ...change.item, ...change.key });
    });
    const rawMs = await runWithConcurrency(rawItems.length, IN_FLIGHT, async (i) => {
      await client.send(new PutItemCommand({ TableName: rawTable, Item: rawItems[i]! }));
    });

    // The real handler, with its middleware, in SQS batches.
    process.env.TABLE_NAME = await createTable(client);
    const { handler } = await import('../functions/ingest-events/handler');
    const bodies = transactions('evt');
    const batches = Math.ceil(bodies.length / BATCH_SIZE);
    const handlerMs = await runWithConcurrency(batches, CONCURRENT_INVOCATIONS, async (b) => {
      const records = bodies.slice(b * BATCH_SIZE, (b + 1) * BATCH_SIZE).map((body) => sqsRecord(body));
      const result = await handler(sqsBatch(records), lambdaContext('ingest-events'));
      if (result.batchItemFailures.length) throw new Error('batch item failures in the benchmark');
    });

    // Cost: the same ingestion path, asking DynamoDB what every write consumed; then every event again.
    const cost: WriteCost = { writeUnits: 0 };
    const deps = {
      writer: new CustomerRecordsWriter(client, await createTable(client), cost),
      eventSource: 'core.banking',
    };
    const costBodies = transactions('cost');
    await runWithConcurrency(costBodies.length, IN_FLIGHT, (i) => ingestRecord({ body: costBodies[i]!, messageId: String(i) }, deps).then(() => undefined));
    const firstDeliveryUnits = cost.writeUnits;
    // DynamoDB Local does not report the capacity of a refused condition; AWS charges it as a write of
    // the item's size (each of these items is under 1 KB), so a refusal counts as one unit here.
    let refused = 0;
    await runWithConcurrency(costBodies.length, IN_FLIGHT, async (i) => {
      const outcome = await ingestRecord({ body: costBodies[i]!, messageId: String(i) }, deps);
      if (outcome.status === 'unchanged') refused++;
    });

    const rawRate = (rawItems.length / rawMs) * 1000;
    const handlerRate = (bodies.length / handlerMs) * 1000;
    printTable(`Ingestion: ${EVENTS.toLocaleString('en-GB')} TransactionPosted across ${CUSTOMERS.toLocaleString('en-GB')} customers, ${IN_FLIGHT} writes in flight`, [
      {
        measure: 'events/s through the handler',
        value: fmt(handlerRate, 0),
        baseline: `${fmt(rawRate, 0)} raw PutItem/s`,
        ratio: fmt(handlerRate / rawRate, 2),
        target: '≥ 0.60',
      },
      { measure: 'write units per event', value: fmt(firstDeliveryUnits / EVENTS, 2), target: '≤ 1.50' },
      { measure: 'write units per redelivered event', value: fmt(refused / EVENTS, 2), target: 'changes nothing; AWS charges the refused write' },
    ]);
  } finally {
    client.destroy();
    await dynamoDb.stop();
  }
}
