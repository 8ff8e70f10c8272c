// Customer API latency over a real socket at a fixed request rate: GET /customers/{id} and a timeline
// page through the local API Gateway and the real handler, against DynamoDB Local's raw GetItem and
// Query measured in the same run (and the 360's own reads, GetItem ∥ Query, run raw). Target: at most
// 3 ms added at p50. Requests are sent open-loop on one schedule, the five series taking turns, and
// timed from their scheduled start: a slow response delays nothing, queueing shows in the figures, and
// the machine's other load falls on every series alike.
import { DynamoDBClient, GetItemCommand, QueryCommand } from '@aws-sdk/client-dynamodb';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Context } from 'aws-lambda';
import { CustomerRecordsWriter } from '../shared/adapters/customer-records-writer';
import { customerApiRoutes } from '../shared/contracts/api/routes';
import { exampleDetails } from '../shared/contracts/events/examples';
import { CHANNELS } from '../shared/contracts/primitives';
import { ingestRecord } from '../shared/ingestion/ingest-record';
import { localTokens } from '../local/apigateway/local-tokens';
import { startApiGateway } from '../local/apigateway/server';
import { LOCAL_CREDENTIALS, LOCAL_REGION, startDynamoDbLocal } from '../local/services/dynamodb-local';
import { freePort } from '../local/services/free-port';
import { createLayoutTable } from '../local/services/layout-tables';
import { CUSTOMER_RECORDS_TABLE } from '../shared/adapters/table-layouts';
import { envelope } from '../tests/support/events';
import { atFixedRate, discardFunctionLogs, fmt, percentile, printTable, runWithConcurrency } from './measure';

const CUSTOMERS = 50;
const TIMELINE_ENTRIES = 30;
/** Requests per second over all five series together. */
const RATE_PER_SECOND = Number(process.env.BENCH_API_RATE ?? 100);
/** Requests per series. */
const REQUESTS = Number(process.env.BENCH_API_REQUESTS ?? 400);
const WARM_UP = 50;
const TARGET_ADDED_MS = 3;

const customerId = (k: number) => `C-BENCH-${String(k).padStart(4, '0')}`;

function customerEvents(k: number) {
  const id = customerId(k);
  const base = (eventId: string, occurredAt: string) => ({ schemaVersion: 1, customerId: id, eventId: `${id}-${eventId}`, occurredAt });
  const events: [string, Record<string, unknown>][] = [
    ['CustomerOnboarded', { ...exampleDetails.CustomerOnboarded, ...base('onb', '2025-01-01T09:00:00Z') }],
  ];
  for (const [i, product] of (['CURRENT_ACCOUNT', 'SAVINGS'] as const).entries()) {
    const accountId = `A-${k}-${i}`;
    events.push(['AccountOpened', { ...exampleDetails.AccountOpened, ...base(`open-${i}`, '2025-01-01T10:00:00Z'), accountId, product }]);
    events.push(['BalanceSnapshot', { ...exampleDetails.BalanceSnapshot, ...base(`bal-${i}`, '2026-10-31T23:59:59Z'), accountId, product }]);
  }
  for (let t = 0; t < TIMELINE_ENTRIES; t++) {
    events.push([
      'TransactionPosted',
      {
        ...exampleDetails.TransactionPosted,
        ...base(`tx-${t}`, new Date(Date.UTC(2026, 9, 1) + t * 3_600_000).toISOString()),
        accountId: `A-${k}-0`,
        channel: CHANNELS[t % CHANNELS.length],
      },
    ]);
  }
  return events.map(([type, detail]) => JSON.stringify(envelope(type, detail)));
}

const summary = (latencies: number[]) => ({ p50: percentile(latencies, 50), p99: percentile(latencies, 99) });

export default async function bench(): Promise<void> {
  const started = performance.now();
  const dynamoDb = await startDynamoDbLocal();
  const restoreOutput = discardFunctionLogs();
  try {
    const client = new DynamoDBClient({ endpoint: dynamoDb.endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
    const { tableName: TableName } = await createLayoutTable(client, CUSTOMER_RECORDS_TABLE, 'bench-api');

    // Records written by the real ingestion path.
    const bodies = Array.from({ length: CUSTOMERS }, (_, k) => customerEvents(k)).flat();
    const deps = {
      writer: new CustomerRecordsWriter(client, TableName),
      eventSource: 'core.banking',
    };
    await runWithConcurrency(bodies.length, 16, async (i) => {
      const outcome = await ingestRecord({ body: bodies[i]!, messageId: String(i) }, deps);
      if (outcome.status === 'rejected') throw new Error(outcome.reason);
    });

    Object.assign(process.env, {
      AWS_ENDPOINT_URL_DYNAMODB: dynamoDb.endpoint,
      AWS_REGION: LOCAL_REGION,
      AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
      TABLE_NAME: TableName,
      POWERTOOLS_SERVICE_NAME: 'customer-api',
      POWERTOOLS_LOG_LEVEL: 'INFO',
      POWERTOOLS_TRACE_ENABLED: 'false',
      POWERTOOLS_METRICS_DISABLED: 'true',
    });
    const { handler } = await import('../functions/customer-api/handler');
    const context = { functionName: 'customer-api', awsRequestId: 'bench', getRemainingTimeInMillis: () => 10_000 } as Context;
    const tokens = localTokens({ keyDir: mkdtempSync(join(tmpdir(), 'crm-bench-tokens-')) });
    const gateway = await startApiGateway({
      port: await freePort(),
      stage: 'bench',
      routes: customerApiRoutes.map((r) => ({
        method: r.method,
        resourcePath: r.path,
        authorization: r.access.kind === 'public' ? 'NONE' : 'COGNITO_USER_POOLS',
        functionLogicalId: 'CustomerApi',
      })),
      verifyToken: tokens.verify,
      invoke: (_fn, event) => handler(event, context),
    });
    const authorization = `Bearer ${tokens.mint({ groups: ['relationship-manager'] })}`;
    const pick = (i: number) => customerId((i * 37) % CUSTOMERS);
    const get = async (path: string) => {
      const res = await fetch(`${gateway.url}${path}`, { headers: { Authorization: authorization } });
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`${path}: ${res.status}`);
    };
    const getItem = (id: string) => client.send(new GetItemCommand({ TableName, Key: { PK: { S: `CUSTOMER#${id}` }, SK: { S: 'PROFILE' } } }));
    const query = (id: string, prefix: string, limit?: number) =>
      client.send(
        new QueryCommand({
          TableName,
          KeyConditionExpression: 'PK = :pk AND begins_with(SK, :p)',
          ExpressionAttributeValues: { ':pk': { S: `CUSTOMER#${id}` }, ':p': { S: prefix } },
          ScanIndexForward: false,
          ...(limit ? { Limit: limit } : {}),
        }),
      );

    const series = {
      customer: (i: number) => get(`/customers/${pick(i)}`),
      timeline: (i: number) => get(`/customers/${pick(i)}/timeline?limit=25`),
      rawGetItem: async (i: number) => void (await getItem(pick(i))),
      rawReadsOf360: async (i: number) => void (await Promise.all([getItem(pick(i)), query(pick(i), 'ACCOUNT#')])),
      rawQuery: async (i: number) => void (await query(pick(i), 'TL#', 25)),
    };
    await atFixedRate(series, WARM_UP, RATE_PER_SECOND);
    const latencies = await atFixedRate(series, REQUESTS, RATE_PER_SECOND);
    const measured = Object.fromEntries(Object.entries(latencies).map(([name, l]) => [name, summary(l as number[])])) as Record<
      keyof typeof series,
      { p50: number; p99: number }
    >;
    await gateway.stop();
    restoreOutput();

    const ms = (n: number) => `${fmt(n, 2)} ms`;
    const added = (api: number, base: number) => `${api - base >= 0 ? '+' : ''}${fmt(api - base, 2)} ms`;
    printTable(`Customer API latency: ${REQUESTS} requests per series, ${RATE_PER_SECOND}/s over all five series (${CUSTOMERS} customers, DynamoDB Local)`, [
      { measure: 'GET /customers/{id} p50', value: ms(measured.customer.p50), baseline: `GetItem ${ms(measured.rawGetItem.p50)}`, ratio: added(measured.customer.p50, measured.rawGetItem.p50), target: `≤ +${TARGET_ADDED_MS} ms` },
      { measure: 'GET /customers/{id} p50 vs its own reads', value: ms(measured.customer.p50), baseline: `GetItem ∥ Query ${ms(measured.rawReadsOf360.p50)}`, ratio: added(measured.customer.p50, measured.rawReadsOf360.p50), target: `≤ +${TARGET_ADDED_MS} ms` },
      { measure: 'GET /customers/{id} p99', value: ms(measured.customer.p99), baseline: `GetItem ${ms(measured.rawGetItem.p99)}`, ratio: added(measured.customer.p99, measured.rawGetItem.p99) },
      { measure: 'timeline page (25) p50', value: ms(measured.timeline.p50), baseline: `Query ${ms(measured.rawQuery.p50)}`, ratio: added(measured.timeline.p50, measured.rawQuery.p50), target: `≤ +${TARGET_ADDED_MS} ms` },
      { measure: 'timeline page (25) p99', value: ms(measured.timeline.p99), baseline: `Query ${ms(measured.rawQuery.p99)}`, ratio: added(measured.timeline.p99, measured.rawQuery.p99) },
    ]);
    console.log(`\n(whole run ${fmt((performance.now() - started) / 1000, 1)} s; "ratio" is the latency the API adds)`);
  } finally {
    restoreOutput();
    await dynamoDb.stop();
  }
}
