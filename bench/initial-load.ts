// Initial load throughput and cost: an export of N customers (CustomerOnboarded + AccountOpened each)
// loaded by one worker into DynamoDB Local, against raw conditional PutItem of the same items at the
// same concurrency, each on a fresh DynamoDB Local (see ENGINEERING.md: stream tables slow each other),
// alternating in rounds; write units per loaded item (each customer writes three: profile, account,
// account owner); and a worker's memory over a big file (128 MB by default, BENCH_LOAD_FILE_MB=1024).
import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDynamoDbLocal, LOCAL_CREDENTIALS, LOCAL_REGION } from '../local/services/dynamodb-local';
import { createLayoutTable } from '../local/services/layout-tables';
import { CustomerRecordsWriter, type WriteCost } from '../shared/adapters/customer-records-writer';
import { CUSTOMER_RECORDS_TABLE } from '../shared/adapters/table-layouts';
import { CORE_BANKING_SOURCE } from '../shared/contracts/events';
import { exampleDetails } from '../shared/contracts/events/examples';
import { recordChangesFor } from '../shared/domain/record-changes';
import { parseEventDetail } from '../shared/ingestion/parse-event';
import { FolderExportFiles } from '../shared/initial-load/adapters/export-files';
import { LoadStore } from '../shared/initial-load/adapters/load-store';
import { loadRange } from '../shared/initial-load/use-cases/load-range';
import { startLoad } from '../shared/initial-load/use-cases/start-load';
import { fmt, median, printTable, runWithConcurrency } from './measure';

const CUSTOMERS = Number(process.env.BENCH_LOAD_CUSTOMERS ?? 3_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const IN_FLIGHT = 32; // events a worker writes at once (stage config eventsInFlight)
// The 1 GB probe takes minutes on a loaded machine: BENCH_LOAD_FILE_MB=1024 asks for it.
const BIG_FILE_MB = Number(process.env.BENCH_LOAD_FILE_MB ?? 128);

const customerLines = (seed: string) =>
  Array.from({ length: CUSTOMERS }, (_, i) => {
    const customerId = `C-${String(i).padStart(7, '0')}`;
    return [
      { DetailType: 'CustomerOnboarded', Detail: { ...exampleDetails.CustomerOnboarded, eventId: `${seed}-c${i}`, customerId } },
      { DetailType: 'AccountOpened', Detail: { ...exampleDetails.AccountOpened, eventId: `${seed}-a${i}`, customerId, accountId: `A-${i}` } },
    ].map((e) => JSON.stringify({ Source: CORE_BANKING_SOURCE, ...e }));
  }).flat();

type Instance = { client: DynamoDBClient; stop: () => Promise<void> };

/** One DynamoDB Local per side: each round gives both sides a fresh table in the same state of their instance. */
async function instance(): Promise<Instance> {
  const dynamoDb = await startDynamoDbLocal();
  const client = new DynamoDBClient({ endpoint: dynamoDb.endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
  return { client, stop: async () => (client.destroy(), await dynamoDb.stop()) };
}

async function withFreshTable<T>(on: Instance, work: (client: DynamoDBClient, tableName: string) => Promise<T>): Promise<T> {
  return work(on.client, (await createLayoutTable(on.client, CUSTOMER_RECORDS_TABLE, 'bench')).tableName);
}

/** The items the export's lines write (profile, account, account owner): what both sides write. */
const itemsOf = (lines: string[]) =>
  lines.flatMap((l) => {
    const { DetailType, Detail } = JSON.parse(l);
    const parsed = parseEventDetail(DetailType, Detail);
    if (!parsed.ok) throw new Error(parsed.reason);
    return recordChangesFor(parsed.event).map((c) => ({ ...('item' in c ? c.item : c.set), ...c.key }));
  });

/** The baseline: the same items, each one conditional PutItem, the same number in flight. */
async function rawPuts(on: Instance, items: Record<string, unknown>[]) {
  return withFreshTable(on, async (client, tableName) => {
    const ms = await runWithConcurrency(items.length, IN_FLIGHT, (i) =>
      client.send(new PutItemCommand({ TableName: tableName, Item: marshall(items[i]!), ConditionExpression: 'attribute_not_exists(PK)' })).then(() => undefined),
    );
    return { items: items.length, perSecond: (items.length / ms) * 1000 };
  });
}

/** A worker's range over `folder`'s export, in one invocation; `writer` may stand in for DynamoDB (the memory probe). */
async function runLoad(client: DynamoDBClient, tableName: string, folder: string, loadId: string, writer: CustomerRecordsWriter) {
  const files = new FolderExportFiles(folder);
  const store = new LoadStore(client, tableName);
  const messages: { kind: string }[] = [];
  const queue = { send: async (m: { kind: string }[]) => void messages.push(...m) };
  await startLoad({ files, store, queue: queue as never, now: () => new Date(), rangeBytes: 1 << 30, assessSegments: 1, maxRejectedLines: 0 }, { manifestKey: 'manifest.json', loadId });
  let lines = 0;
  for (const m of messages.splice(0)) {
    if (m.kind !== 'RANGE') continue;
    const out = await loadRange({ files, store, queue: queue as never, writer, eventSource: CORE_BANKING_SOURCE, now: () => new Date(), remainingMs: () => 3_600_000, eventsInFlight: IN_FLIGHT, assessDelaySeconds: 0 }, m as never);
    if (out.kind !== 'done') throw new Error(`the bench load ended ${out.kind}`);
    lines += out.lines;
  }
  return lines;
}

async function loadOnce(on: Instance, folder: string, round: number, items: number) {
  return withFreshTable(on, async (client, tableName) => {
    const cost: WriteCost = { writeUnits: 0 };
    const started = performance.now();
    await runLoad(client, tableName, folder, `bench-${round}`, new CustomerRecordsWriter(client, tableName, cost));
    const ms = performance.now() - started;
    return { customersPerSecond: (CUSTOMERS / ms) * 1000, itemsPerSecond: (items / ms) * 1000, unitsPerItem: cost.writeUnits / items };
  });
}

/**
 * A worker's memory over a generated file of BIG_FILE_MB: the whole worker path (read, parse, validate,
 * the pool of writes, checkpoints and report parts in DynamoDB Local) with DynamoDB's answer to the
 * customer-record writes stood in for, so that the file's millions of lines take minutes, not hours.
 */
async function memoryOnBigFile(on: Instance) {
  const dir = await mkdtemp(join(tmpdir(), 'load-big-'));
  try {
    const line = JSON.stringify({ Source: CORE_BANKING_SOURCE, DetailType: 'TransactionPosted', Detail: exampleDetails.TransactionPosted }) + '\n';
    const out = createWriteStream(join(dir, 'big.jsonl'));
    const block = line.repeat(Math.floor((4 << 20) / line.length));
    const target = BIG_FILE_MB * 1024 * 1024;
    let written = 0;
    while (written < target) {
      if (!out.write(block)) await once(out, 'drain');
      written += block.length;
    }
    out.end();
    await once(out, 'close');
    await writeFile(join(dir, 'manifest.json'), JSON.stringify({ files: [{ key: 'big.jsonl' }] }));
    const answering = { send: async () => ({}) } as unknown as DynamoDBClient; // AWS itself, stood in for
    globalThis.gc?.();
    const before = process.memoryUsage().rss;
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
    const started = performance.now();
    const lines = await withFreshTable(on, (client, tableName) => runLoad(client, tableName, dir, 'bench-memory', new CustomerRecordsWriter(answering, tableName)));
    clearInterval(sampler);
    peak = Math.max(peak, process.memoryUsage().rss);
    return { megabytes: written / (1 << 20), lines, seconds: (performance.now() - started) / 1000, rssBeforeMb: before / (1 << 20), rssPeakMb: peak / (1 << 20) };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export default async function bench() {
  const folder = await mkdtemp(join(tmpdir(), 'load-bench-'));
  const lines = customerLines('bench');
  await writeFile(join(folder, 'customers.jsonl'), lines.join('\n') + '\n');
  await writeFile(join(folder, 'manifest.json'), JSON.stringify({ files: [{ key: 'customers.jsonl' }] }));
  const items = itemsOf(lines);
  const raw: number[] = [];
  const loads: Awaited<ReturnType<typeof loadOnce>>[] = [];
  let memory: Awaited<ReturnType<typeof memoryOnBigFile>>;
  // One DynamoDB Local (a second one did not start within 30 s on the shared machine): both sides get a
  // fresh table each round and alternate which goes first, so neither always meets the fuller instance.
  const rawSide = await instance();
  const loadSide = rawSide;
  try {
    for (let round = 0; round < ROUNDS; round++) {
      // Alternate which goes first, so neither always runs on the busier moment of a shared machine.
      if (round % 2 === 0) {
        raw.push((await rawPuts(rawSide, items)).perSecond);
        loads.push(await loadOnce(loadSide, folder, round, items.length));
      } else {
        loads.push(await loadOnce(loadSide, folder, round, items.length));
        raw.push((await rawPuts(rawSide, items)).perSecond);
      }
    }
    memory = await memoryOnBigFile(rawSide);
  } finally {
    await rawSide.stop();
  }
  await rm(folder, { recursive: true, force: true });
  const loaded = median(loads.map((l) => l.itemsPerSecond));
  const rawRate = median(raw);
  printTable(`Initial load: ${CUSTOMERS} customers (${items.length} items), one worker, ${IN_FLIGHT} events in flight, median of ${ROUNDS} rounds`, [
    { measure: 'customers loaded / s', value: fmt(median(loads.map((l) => l.customersPerSecond)), 0) },
    { measure: 'items loaded / s (vs raw conditional PutItem, same concurrency)', value: fmt(loaded, 0), baseline: fmt(rawRate, 0), ratio: fmt(loaded / rawRate, 2), target: '≥ 0.80' },
    { measure: 'write units per loaded item (inserts)', value: fmt(median(loads.map((l) => l.unitsPerItem)), 2), target: '1.00' },
    { measure: `worker reading ${fmt(memory.megabytes, 0)} MB (${memory.lines} lines through the worker): peak RSS MB`, value: fmt(memory.rssPeakMb, 0), baseline: fmt(memory.rssBeforeMb, 0), ratio: fmt(memory.rssPeakMb / memory.rssBeforeMb, 2) },
    { measure: '  … read, validated and handed to the writer, MB / s', value: fmt(memory.megabytes / memory.seconds, 1) },
  ]);
}
