// The local stack end to end: TransactionPosted events put on the bus through the SDK, through the
// rule, the queue and the ingestion function in its worker, until the timeline entry is readable in
// DynamoDB. Compared with raw PutItem on the same DynamoDB Local in the same run.
//   throughput: a burst of events, as fast as the stack takes them, first PutEvents to last record
//   latency: events at half that rate, each timed from its PutEvents call to its record being readable
import { BatchGetItemCommand, CreateTableCommand, DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { marshall } from '@aws-sdk/util-dynamodb';
import { randomUUID } from 'node:crypto';
import { startLocalStack } from '../local/runtime/local-stack';
import { exampleDetails } from '../shared/contracts/events/examples';
import { customerPk, timelineSk, toUtc } from '../shared/domain/record-keys';
import { fmt, median, percentile, printTable, runWithConcurrency } from './measure';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
const BURST = Number(process.env.BENCH_BURST ?? 3_000);
const LATENCY_SECONDS = Number(process.env.BENCH_LATENCY_SECONDS ?? 15);
const RAW_ITEMS = 3_000;
const CUSTOMERS = 500;
const SENDERS = 4; // PutEvents requests in flight, as the simulator sends
const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };

type Sent = { key: { PK: string; SK: string }; entry: { Source: string; DetailType: string; Detail: string } };

function transaction(run: string, i: number): Sent {
  const eventId = `${run}-${i}`;
  const customerId = `C-${String(i % CUSTOMERS).padStart(6, '0')}`;
  const occurredAt = new Date(Date.UTC(2026, 10, 1) + i * 7_919).toISOString();
  const detail = { ...exampleDetails.TransactionPosted, eventId, customerId, occurredAt, amount: { minor: 1_000 + i, currency: 'CNY' } };
  return {
    key: { PK: customerPk(customerId), SK: timelineSk(toUtc(occurredAt), eventId) },
    entry: { Source: 'core.banking', DetailType: 'TransactionPosted', Detail: JSON.stringify(detail) },
  };
}

/** Watches keys until each is readable, noting when; one BatchGetItem per 100 keys per 100 ms tick. */
function readability(client: DynamoDBClient, table: string) {
  const pending = new Map<string, { key: Sent['key']; sentAt: number }>();
  const latencies: number[] = [];
  let stopped = false;
  const loop = (async () => {
    while (!stopped || pending.size > 0) {
      const keys = [...pending.values()];
      for (let i = 0; i < keys.length; i += 100) {
        const chunk = keys.slice(i, i + 100);
        const out = await client.send(
          new BatchGetItemCommand({ RequestItems: { [table]: { Keys: chunk.map((k) => marshall(k.key)), ProjectionExpression: 'PK, SK', ConsistentRead: true } } }),
        );
        const now = performance.now();
        for (const item of out.Responses?.[table] ?? []) {
          const id = `${item.PK!.S}|${item.SK!.S}`;
          const found = pending.get(id);
          if (found) latencies.push(now - found.sentAt);
          pending.delete(id);
        }
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  })();
  return {
    watch: (key: Sent['key'], sentAt: number) => pending.set(`${key.PK}|${key.SK}`, { key, sentAt }),
    done: async () => {
      stopped = true;
      await loop;
      return latencies;
    },
  };
}

export default async function bench(): Promise<void> {
  const stack = await startLocalStack({ assemblyDir: '.local/cdk.out-bench', apiPort: 0 });
  const dynamoDb = new DynamoDBClient({ endpoint: stack.endpoints.dynamodb, region: stack.endpoints.region, credentials });
  const events = new EventBridgeClient({ endpoint: stack.endpoints.eventbridge, region: stack.endpoints.region, credentials });
  const table = stack.tables[0]!.input.TableName!;
  const put = (batch: Sent[]) => events.send(new PutEventsCommand({ Entries: batch.map((s) => ({ ...s.entry, EventBusName: stack.endpoints.busName })) }));
  try {
    // Baseline: the same DynamoDB Local taking PutItem of the same kind of item, 40 in flight
    // (what 4 invocations of 10 records write at once).
    const rawTable = `bench-raw-${randomUUID()}`;
    await dynamoDb.send(new CreateTableCommand({ ...stack.tables[0]!.input, TableName: rawTable }));
    const rawMs = await runWithConcurrency(RAW_ITEMS, 40, async (i) => {
      const { key } = transaction('raw', i);
      await dynamoDb.send(new PutItemCommand({ TableName: rawTable, Item: marshall({ ...key, type: 'TRANSACTION', amountMinor: 1_000 + i, channel: 'ONLINE' }) }));
    });
    const rawRate = (RAW_ITEMS / rawMs) * 1000;

    // Throughput: a burst, first PutEvents to the last record readable.
    const burst = Array.from({ length: BURST }, (_, i) => transaction('burst', i));
    const burstWatch = readability(dynamoDb, table);
    const began = performance.now();
    await runWithConcurrency(Math.ceil(BURST / 10), SENDERS, async (b) => {
      const batch = burst.slice(b * 10, b * 10 + 10);
      const at = performance.now();
      const out = await put(batch);
      if (out.FailedEntryCount) throw new Error(`PutEvents refused ${out.FailedEntryCount} entries`);
      for (const s of batch) burstWatch.watch(s.key, at);
    });
    const burstLatencies = await burstWatch.done();
    const burstMs = performance.now() - began;
    const rate = (BURST / burstMs) * 1000;

    // Latency: half the measured throughput, paced, each event timed on its own.
    const paced = Math.max(10, Math.floor(rate / 2));
    const count = paced * LATENCY_SECONDS;
    const watch = readability(dynamoDb, table);
    const start = performance.now();
    await runWithConcurrency(Math.ceil(count / 10), SENDERS, async (b) => {
      const due = start + ((b * 10) / paced) * 1000;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      const batch = Array.from({ length: Math.min(10, count - b * 10) }, (_, j) => transaction('paced', b * 10 + j));
      const at = performance.now();
      await put(batch);
      for (const s of batch) watch.watch(s.key, at);
    });
    const latencies = await watch.done();

    printTable(`Local stack end to end: TransactionPosted, PutEvents → rule → SQS → ingest-events (worker) → DynamoDB Local`, [
      { measure: `events/s, burst of ${BURST.toLocaleString('en-GB')}`, value: fmt(rate, 0), baseline: `${fmt(rawRate, 0)} raw PutItem/s`, ratio: fmt(rate / rawRate, 2) },
      { measure: `p50 PutEvents → readable at ${paced}/s`, value: `${fmt(median(latencies), 0)} ms`, baseline: `${fmt(median(burstLatencies), 0)} ms in the burst` },
      { measure: `p99 PutEvents → readable at ${paced}/s`, value: `${fmt(percentile(latencies, 99), 0)} ms`, baseline: `${fmt(percentile(burstLatencies, 99), 0)} ms in the burst` },
      // Readability is checked every 100 ms: latencies carry up to 100 ms of that resolution.
      { measure: 'events measured for latency', value: String(latencies.length), baseline: `${count} sent` },
    ]);
  } finally {
    events.destroy();
    dynamoDb.destroy();
    await stack.stop();
  }
}
