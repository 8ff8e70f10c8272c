// Recalibration throughput and cost: a whole recalibration run (parallel scan of the segment index,
// exact percentile, re-segmentation and publication of the movers) over a seeded base in DynamoDB
// Local, against the raw parallel Scan of the same index with the same segments, in the same run; and
// DynamoDB requests per re-segmented customer.
import { BatchWriteItemCommand, DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { SegmentConfigStore } from '../shared/adapters/segment-config';
import type { SegmentEventsPublisher } from '../shared/adapters/segment-events';
import { SegmentIndexStore } from '../shared/adapters/segment-index-store';
import { SegmentStore } from '../shared/adapters/segment-store';
import { mvcThreshold, percentile } from '../shared/domain/segmentation';
import { DEFAULT_SEGMENT_PARAMETERS } from '../shared/domain/segment-parameters';
import { SEGMENT_INDEX, SEGMENT_INDEX_PK, SEGMENT_INDEX_SK } from '../shared/domain/segment-record-keys';
import { handleWork, startRecalibration } from '../shared/segmentation/recalibration';
import type { WorkMessage } from '../shared/segmentation/recalibration-messages';
import { LOCAL_CREDENTIALS, LOCAL_REGION, startDynamoDbLocal } from '../local/services/dynamodb-local';
import { createLayoutTable } from '../local/services/layout-tables';
import { CUSTOMER_RECORDS_TABLE } from '../shared/adapters/table-layouts';
import { fmt, median, percentile as percentileOf, printTable, runWithConcurrency } from './measure';
import { segmentCustomersPage } from '../functions/segmentation-api/segment-customers';
import { seededAssignment, trailingOf } from '../tests/support/segmented-base';

const CUSTOMERS = Number(process.env.BENCH_CUSTOMERS ?? 20_000);
const SEGMENTS = 4; // parallel scan segments = concurrent workers (the machine has 2 cores)
const rules = DEFAULT_SEGMENT_PARAMETERS.segmentation;

const createTable = async (client: DynamoDBClient) => (await createLayoutTable(client, CUSTOMER_RECORDS_TABLE, 'bench-segmentation')).tableName;

async function seed(client: DynamoDBClient, tableName: string, oldPercentile: number) {
  const old = mvcThreshold(rules.mvc, oldPercentile);
  const items = Array.from({ length: CUSTOMERS }, (_, i) => seededAssignment(i, old, 20));
  await runWithConcurrency(Math.ceil(items.length / 25), 8, async (b) => {
    const chunk = items.slice(b * 25, (b + 1) * 25);
    await client.send(new BatchWriteItemCommand({ RequestItems: { [tableName]: chunk.map((a) => ({ PutRequest: { Item: marshall(a, { removeUndefinedValues: true }) } })) } }));
  });
  await new SegmentConfigStore(client, tableName, DEFAULT_SEGMENT_PARAMETERS).saveCalibration({ runId: '2026-10-01T00:00:00Z', percentileMinor: oldPercentile, positiveContributors: 0, at: '2026-10-01T00:00:00Z' });
}

/** The baseline: the same parallel Scan of the index (same segments, same projection), nothing else. */
async function rawScan(client: DynamoDBClient, tableName: string): Promise<number> {
  const started = performance.now();
  let seen = 0;
  await Promise.all(
    Array.from({ length: SEGMENTS }, async (_, segment) => {
      let start: Record<string, any> | undefined;
      do {
        const page = await client.send(
          new ScanCommand({
            TableName: tableName,
            IndexName: SEGMENT_INDEX,
            Segment: segment,
            TotalSegments: SEGMENTS,
            ProjectionExpression: '#p, #c',
            ExpressionAttributeNames: { '#p': SEGMENT_INDEX_PK, '#c': SEGMENT_INDEX_SK },
            ExclusiveStartKey: start,
          }),
        );
        seen += page.Count ?? 0;
        start = page.LastEvaluatedKey;
      } while (start);
    }),
  );
  if (seen !== CUSTOMERS) throw new Error(`raw scan saw ${seen} of ${CUSTOMERS}`);
  return performance.now() - started;
}

async function recalibrate(client: DynamoDBClient, tableName: string) {
  const requests = { count: 0 };
  const index = new SegmentIndexStore(client, tableName, requests);
  const config = new SegmentConfigStore(client, tableName, DEFAULT_SEGMENT_PARAMETERS);
  const queue: WorkMessage[] = [];
  let published = 0;
  let putEventsCalls = 0;
  const events: SegmentEventsPublisher = {
    publish: async (e) => {
      published += e.length;
      putEventsCalls += Math.ceil(e.length / 10);
    },
  };
  const byKind: Record<string, { requests: number; messages: number; ms: number }> = {};
  const send = { send: async (m: WorkMessage[]) => void queue.push(...m) };
  // Each piece of work counts its own requests (workers run concurrently).
  const depsFor = (counter: { count: number }) => ({
    store: new SegmentStore(client, tableName, counter),
    index: new SegmentIndexStore(client, tableName, counter),
    config,
    queue: send,
    events,
    now: () => new Date(),
    remainingMs: () => 300_000,
  });

  const started = performance.now();
  await startRecalibration({ index, queue: send }, new Date().toISOString(), SEGMENTS, new Date().toISOString());
  let busy = 0;
  // SEGMENTS workers pull from the queue, as the event source mapping's concurrent invocations would.
  await Promise.all(
    Array.from({ length: SEGMENTS }, async () => {
      for (;;) {
        const message = queue.shift();
        if (!message) {
          if (busy === 0) return;
          await new Promise((r) => setTimeout(r, 5));
          continue;
        }
        busy += 1;
        const counter = { count: 0 };
        const t = performance.now();
        await handleWork(depsFor(counter), message);
        requests.count += counter.count;
        const k = (byKind[message.kind] ??= { requests: 0, messages: 0, ms: 0 });
        k.requests += counter.count;
        k.messages += 1;
        k.ms += performance.now() - t;
        busy -= 1;
      }
    }),
  );
  return { ms: performance.now() - started, published, putEventsCalls, byKind, totalRequests: requests.count };
}

const PAGES = 40;

/**
 * GET /segments/{segment}/customers as the route answers it (in process, no HTTP): the first PAGES pages
 * of STANDARD across every branch (16 shard Queries merged) against the same pages of one branch (one
 * Query each), in the same run; and the index items each cross-branch page reads.
 */
async function listing(client: DynamoDBClient, tableName: string) {
  const requests = { count: 0 };
  const index = new SegmentIndexStore(client, tableName, requests);
  const walk = async (branch: string | undefined) => {
    const times: number[] = [];
    let cursor: string | undefined;
    let listed = 0;
    for (let i = 0; i < PAGES; i++) {
      const t = performance.now();
      const page = await segmentCustomersPage(index, 'STANDARD', { limit: 25, ...(branch ? { branch } : {}), ...(cursor ? { cursor } : {}) });
      times.push(performance.now() - t);
      listed += page.customers.length;
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    return { p50: percentileOf(times, 50), p99: percentileOf(times, 99), pages: times.length, listed };
  };
  await walk(undefined); // warm up both paths once
  await walk('BR-1');
  const before = requests.count;
  const across = await walk(undefined);
  const requestsPerPage = (requests.count - before) / across.pages;
  const branch = await walk('BR-1');
  return { across, branch, requestsPerPage };
}

export default async function bench(): Promise<void> {
  const dynamoDb = await startDynamoDbLocal();
  const client = new DynamoDBClient({ endpoint: dynamoDb.endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
  try {
    const positives = Array.from({ length: CUSTOMERS }, (_, i) => trailingOf(i)).filter((v) => v > 0);
    const expected = percentile(positives, rules.mvc.percentile)!;
    const tableName = await createTable(client);
    await seed(client, tableName, Math.round(expected * 0.9));

    const rawBefore = [await rawScan(client, tableName), await rawScan(client, tableName), await rawScan(client, tableName)];
    const run = await recalibrate(client, tableName);
    const rawAfter = [await rawScan(client, tableName), await rawScan(client, tableName)];
    const stored = await new SegmentConfigStore(client, tableName, DEFAULT_SEGMENT_PARAMETERS).current({ fresh: true });
    if (stored.percentileMinor !== expected) throw new Error(`percentile ${stored.percentileMinor}, expected ${expected}`);

    const rawMs = median([...rawBefore, ...rawAfter]);
    const rawRate = (CUSTOMERS / rawMs) * 1000;
    const recalRate = (CUSTOMERS / run.ms) * 1000;
    const move = run.byKind.MOVE ?? { requests: 0, messages: 0, ms: 0 };
    printTable(`Recalibration over ${CUSTOMERS.toLocaleString('en-GB')} customers, ${SEGMENTS} scan segments (DynamoDB Local)`, [
      { measure: 'customers per second (whole run)', value: fmt(recalRate, 0), baseline: `${fmt(rawRate, 0)} raw Scan`, ratio: fmt(recalRate / rawRate, 2), target: '≥ 0.50' },
      { measure: 're-segmented and published', value: String(run.published) },
      {
        measure: 'DynamoDB requests per re-segmented customer',
        value: fmt(move.requests / Math.max(1, run.published), 2),
        baseline: `+ ${fmt(run.putEventsCalls / Math.max(1, run.published), 2)} PutEvents`,
      },
      { measure: 'DynamoDB requests, whole run', value: String(run.totalRequests), baseline: Object.entries(run.byKind).map(([k, v]) => `${k} ${v.requests}/${v.messages} msg`).join(', ') },
      { measure: 'worker time by kind of work (summed over workers)', value: `${fmt(run.ms, 0)} ms wall`, baseline: Object.entries(run.byKind).map(([k, v]) => `${k} ${fmt(v.ms, 0)} ms`).join(', ') },
      { measure: 'percentile found (exact nearest rank)', value: String(stored.percentileMinor) },
    ]);

    const list = await listing(client, tableName);
    printTable(`GET /segments/STANDARD/customers, ${list.across.pages} pages of 25 (in process, DynamoDB Local)`, [
      { measure: 'page across every branch: p50', value: `${fmt(list.across.p50, 2)} ms`, baseline: `${fmt(list.branch.p50, 2)} ms one branch`, ratio: fmt(list.across.p50 / list.branch.p50, 2) },
      { measure: 'page across every branch: p99', value: `${fmt(list.across.p99, 2)} ms`, baseline: `${fmt(list.branch.p99, 2)} ms one branch`, ratio: fmt(list.across.p99 / list.branch.p99, 2) },
      { measure: 'DynamoDB Queries per cross-branch page', value: fmt(list.requestsPerPage, 1), baseline: '1 per branch page' },
    ]);
  } finally {
    client.destroy();
    await dynamoDb.stop();
  }
}
