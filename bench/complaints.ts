// Complaint intake and routing against DynamoDB Local, each beside a baseline measured in the same run:
// - POST /complaints over a real socket (local API Gateway, the real handler) at a fixed rate, p50/p99,
//   against a raw PutItem of a complaint-sized item on the same schedule;
// - router throughput: the complaints table's stream (the routing outbox) read as the mapping reads it,
//   in batches of 10 through the real router handler (publishing to a local EventBridge bus), several
//   batches in flight, complaints routed per second, against raw PutItems per second at the same concurrency.
import { DynamoDBClient, PutItemCommand, TransactWriteItemsCommand } from '@aws-sdk/client-dynamodb';
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Context, DynamoDBStreamEvent } from 'aws-lambda';
import { ROUTING_OUTBOX_FILTER } from '../shared/adapters/complaint-outbox';
import { TableStream } from '../local/services/table-stream';
import { ACCESS_RECORD_TABLE, COMPLAINTS_TABLE, CUSTOMER_RECORDS_TABLE } from '../shared/adapters/table-layouts';
import { COMPLAINTS_SOURCE } from '../shared/contracts/events/complaint-events';
import { complaintApiRoutes } from '../shared/contracts/api/complaints-routes';
import { localTokens } from '../local/apigateway/local-tokens';
import { startApiGateway } from '../local/apigateway/server';
import { EventBuses } from '../local/eventbridge/event-buses';
import { startEventBridgeServer } from '../local/eventbridge/server';
import { LOCAL_CREDENTIALS, LOCAL_REGION, startDynamoDbLocal } from '../local/services/dynamodb-local';
import { freePort } from '../local/services/free-port';
import { createLayoutTable } from '../local/services/layout-tables';
import { atFixedRate, discardFunctionLogs, fmt, percentile, printTable, runWithConcurrency } from './measure';

const RATE_PER_SECOND = Number(process.env.BENCH_COMPLAINTS_RATE ?? 20);
const REQUESTS = Number(process.env.BENCH_COMPLAINTS_REQUESTS ?? 150);
const ROUTED = Number(process.env.BENCH_COMPLAINTS_ROUTED ?? 300);
const BATCHES_IN_FLIGHT = 4;
const BATCH_SIZE = 10;
const WARM_UP = 30;

const DESCRIPTIONS = [
  'I was charged an annual fee on my credit card that nobody told me about.',
  '有人盗刷了我的信用卡，三笔交易都不是我本人操作的。',
  'My SWIFT transfer to my daughter has not arrived after a week.',
  '手机银行一直登录不了，验证码收不到。',
  'The teller at the branch was rude and I waited over an hour.',
];

async function createTables(client: DynamoDBClient) {
  const complaints = (await createLayoutTable(client, COMPLAINTS_TABLE, 'bench-complaints')).tableName;
  const customers = (await createLayoutTable(client, CUSTOMER_RECORDS_TABLE, 'bench-customers')).tableName;
  const accessRecord = (await createLayoutTable(client, ACCESS_RECORD_TABLE, 'bench-access')).tableName;
  return { complaints, customers, accessRecord };
}

export default async function bench(): Promise<void> {
  const started = performance.now();
  const dynamoDb = await startDynamoDbLocal();
  const buses = new EventBuses({ region: LOCAL_REGION, accountId: '123456789012', deliver: async () => undefined });
  buses.createBus('bench-bus');
  buses.putRule({ Name: 'complaints', EventBusName: 'bench-bus', EventPattern: JSON.stringify({ source: [COMPLAINTS_SOURCE] }) });
  buses.putTargets('complaints', 'bench-bus', [{ Id: 'q', Arn: 'arn:aws:sqs:us-east-1:123456789012:bench' }]);
  const eventBridge = await startEventBridgeServer({ buses });
  const restoreOutput = process.env.BENCH_SHOW_LOGS ? () => undefined : discardFunctionLogs();
  try {
    const client = new DynamoDBClient({ endpoint: dynamoDb.endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
    const tables = await createTables(client);
    Object.assign(process.env, {
      AWS_ENDPOINT_URL_DYNAMODB: dynamoDb.endpoint,
      AWS_ENDPOINT_URL_EVENTBRIDGE: eventBridge.url,
      AWS_REGION: LOCAL_REGION,
      AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
      COMPLAINTS_TABLE_NAME: tables.complaints,
      CUSTOMER_RECORDS_TABLE_NAME: tables.customers,
      EVENT_BUS_NAME: 'bench-bus',
      REJECTED_EVENTS_QUEUE_URL: 'http://127.0.0.1:1/unused',
      COMPLAINT_JURISDICTION: 'CN',
      // Need-to-know and the access record, as infra/constructs/access-record.ts configures the function.
      ACCESS_RECORD_TABLE_NAME: tables.accessRecord,
      ACCESS_RECORD_RETENTION_DAYS: '90',
      PSEUDONYM_KEY: 'bench-pseudonym-key-of-at-least-thirty-two-bytes',
      POWERTOOLS_SERVICE_NAME: 'complaint-api',
      POWERTOOLS_LOG_LEVEL: 'INFO',
      POWERTOOLS_TRACE_ENABLED: 'false',
      POWERTOOLS_METRICS_DISABLED: 'true',
    });
    const { handler } = await import('../functions/complaint-api/handler');
    const { handler: router } = await import('../functions/complaint-router/handler');
    const context = { functionName: 'complaint-api', awsRequestId: 'bench', getRemainingTimeInMillis: () => 10_000 } as Context;
    const tokens = localTokens({ keyDir: mkdtempSync(join(tmpdir(), 'crm-bench-tokens-')) });
    const gateway = await startApiGateway({
      port: await freePort(),
      stage: 'bench',
      routes: complaintApiRoutes.map((r) => ({ method: r.method, resourcePath: r.path, authorization: 'COGNITO_USER_POOLS' as const, functionLogicalId: 'ComplaintApi' })),
      verifyToken: tokens.verify,
      invoke: (_fn, event) => handler(event, context),
    });
    const customerTokens = Array.from({ length: 50 }, (_, k) => `Bearer ${tokens.mint({ groups: ['customer'], customerId: `C-BENCH-${k}` })}`);
    let intakeErrors = 0;
    const file = async (i: number) => {
      try {
        await fileOnce(i);
      } catch (error) {
        // A socket dropped under load is counted, not fatal: the figures say how many.
        intakeErrors++;
        if (process.env.BENCH_SHOW_LOGS) console.error(error);
      }
    };
    const fileOnce = async (i: number) => {
      const res = await fetch(`${gateway.url}/complaints`, {
        method: 'POST',
        headers: { Authorization: customerTokens[i % customerTokens.length]!, 'Content-Type': 'application/json', 'Idempotency-Key': `bench-${i}-${randomUUID()}` },
        body: JSON.stringify({ description: DESCRIPTIONS[i % DESCRIPTIONS.length], channel: 'MOBILE' }),
      });
      await res.arrayBuffer();
      if (res.status !== 202) throw new Error(`POST /complaints: ${res.status}`);
    };
    // A complaint-sized item (about 1 KB), one plain PutItem: what the store's transaction is measured against.
    const filler = 'x'.repeat(900);
    const rawPut = async () =>
      void (await client.send(new PutItemCommand({ TableName: tables.complaints, Item: { PK: { S: `RAW#${randomUUID()}` }, SK: { S: 'RAW' }, filler: { S: filler } } })));
    // The same write as one transaction of n puts (intake writes 3 items, routing 2): what DynamoDB Local
    // charges for a transaction as such, apart from anything the handlers do.
    const rawTransact = (n: number) => async () => {
      const pk = `RAWTX#${randomUUID()}`;
      const items = Array.from({ length: n }, (_, k) => ({ Put: { TableName: tables.complaints, Item: { PK: { S: pk }, SK: { S: `RAW#${k}` }, filler: { S: k ? 'x'.repeat(100) : filler } } } }));
      await client.send(new TransactWriteItemsCommand({ TransactItems: items }));
    };

    await atFixedRate({ intake: file, rawPutItem: rawPut, rawTransact3: rawTransact(3) }, WARM_UP, RATE_PER_SECOND);
    const latencies = await atFixedRate({ intake: (i) => file(i + WARM_UP), rawPutItem: rawPut, rawTransact3: rawTransact(3) }, REQUESTS, RATE_PER_SECOND);

    // Router throughput: what the intake above left in the stream is not timed; file ROUTED complaints
    // (not timed), read their stream records as the mapping would, then route them.
    const outbox = await TableStream.of(client, tables.complaints, dynamoDb.endpoint, ROUTING_OUTBOX_FILTER);
    await outbox.unread();
    await runWithConcurrency(ROUTED, 8, (i) => file(100_000 + i));
    await gateway.stop();
    const batches: DynamoDBStreamEvent[] = await outbox.pendingBatches(BATCH_SIZE);
    const received = batches.flatMap((b) => b.Records);
    let failed = 0;
    // The router's DynamoDB requests, by operation, counted on its client (the functions' one client).
    const requests: Record<string, number> = {};
    const { dynamoDbClient } = await import('../shared/adapters/dynamodb-client');
    dynamoDbClient().middlewareStack.add((next, context) => (args) => {
      const operation = String(context.commandName).replace(/Command$/, '');
      requests[operation] = (requests[operation] ?? 0) + 1;
      return next(args);
    }, { step: 'initialize', name: 'benchRequestCount' });
    const routeMs = await runWithConcurrency(batches.length, BATCHES_IN_FLIGHT, async (b) => {
      const result = await router(batches[b]!, { ...context, functionName: 'complaint-router' });
      failed += result.batchItemFailures.length;
    });
    const rawMs = await runWithConcurrency(received.length, BATCHES_IN_FLIGHT * BATCH_SIZE, rawPut);
    const rawTransactMs = await runWithConcurrency(received.length, BATCHES_IN_FLIGHT * BATCH_SIZE, rawTransact(2));
    restoreOutput();

    const ms = (n: number) => `${fmt(n, 2)} ms`;
    const p = (l: number[], q: number) => percentile(l, q);
    const routedPerSecond = (received.length - failed) / (routeMs / 1000);
    const rawPerSecond = received.length / (rawMs / 1000);
    const rawTransactPerSecond = received.length / (rawTransactMs / 1000);
    printTable(`Complaints: ${REQUESTS} intakes at ${RATE_PER_SECOND}/s (with raw PutItems interleaved); ${received.length} routed (DynamoDB Local)`, [
      { measure: 'POST /complaints p50', value: ms(p(latencies.intake, 50)), baseline: `PutItem ${ms(p(latencies.rawPutItem, 50))}`, ratio: `×${fmt(p(latencies.intake, 50) / p(latencies.rawPutItem, 50), 1)}` },
      { measure: 'POST /complaints p50 (transaction baseline)', value: ms(p(latencies.intake, 50)), baseline: `TransactWriteItems of 3 puts ${ms(p(latencies.rawTransact3, 50))}`, ratio: `×${fmt(p(latencies.intake, 50) / p(latencies.rawTransact3, 50), 1)}` },
      { measure: 'POST /complaints p99', value: ms(p(latencies.intake, 99)), baseline: `PutItem ${ms(p(latencies.rawPutItem, 99))}`, ratio: `×${fmt(p(latencies.intake, 99) / p(latencies.rawPutItem, 99), 1)}` },
      { measure: `router, ${BATCHES_IN_FLIGHT} batches of ${BATCH_SIZE} in flight`, value: `${fmt(routedPerSecond, 0)} complaints/s`, baseline: `PutItem ${fmt(rawPerSecond, 0)}/s`, ratio: `×${fmt(routedPerSecond / rawPerSecond, 2)}` },
      { measure: `router (transaction baseline)`, value: `${fmt(routedPerSecond, 0)} complaints/s`, baseline: `TransactWriteItems of 2 puts ${fmt(rawTransactPerSecond, 0)}/s`, ratio: `×${fmt(routedPerSecond / rawTransactPerSecond, 2)}` },
      {
        measure: 'router: DynamoDB requests per complaint',
        value: fmt(Object.values(requests).reduce((a, b) => a + b, 0) / received.length, 2),
        baseline: Object.entries(requests).sort().map(([op, n]) => `${op} ${fmt(n / received.length, 2)}`).join(', '),
      },
      { measure: 'intake errors (dropped sockets, non-202)', value: String(intakeErrors) },
      { measure: 'router failures', value: String(failed) },
    ]);
    console.log(
      `\n(whole run ${fmt((performance.now() - started) / 1000, 1)} s. Intake = 1 TransactWriteItems of 3 items (key, complaint, receipt); ` +
        'routing = per stream batch one BatchGetItem (customer facts) and one PartiQL SELECT (recent complaints), per complaint a ' +
        'TransactWriteItems of 2 items, PutEvents per batch; the complaint read from the stream record.)',
    );
  } finally {
    restoreOutput();
    await eventBridge.stop();
    await dynamoDb.stop();
  }
}
