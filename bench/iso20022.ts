// `npm run bench -- iso20022`, in two halves, each against a baseline measured in the same run:
//   1. entries per second through the camt reader + mapping, against the same reader reading the same
//      file without mapping (target: at least 0.5 of it). A generated camt.053 of 20 MB; five
//      alternating rounds, medians.
//   2. end to end on the local stack: a camt.053 of BENCH_CAMT_ENTRIES entries (default 3,000) dropped
//      in the bucket, through the S3 notification, the file queue, camt-files (account resolution,
//      PutEvents), the bus, the ingestion queue and ingest-events, until every timeline item is
//      readable in DynamoDB Local; against raw PutItem of the same number of items on the same
//      DynamoDB Local (40 in flight, as bench/local-stack.ts). One round: the stack is slow to start.
// The machine is shared: read the ratios.
import { CreateTableCommand, DynamoDBClient, GetItemCommand, PutItemCommand, QueryCommand } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { marshall } from '@aws-sdk/util-dynamodb';
import { randomUUID } from 'node:crypto';
import { createReadStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalStack } from '../local/runtime/local-stack';
import { dropFile } from '../local/s3/drop-file';
import { camtDocument } from '../local/simulator/camt-documents';
import { syntheticEntry, writeLargeStatement } from '../local/simulator/camt-statement-file';
import { OWNER_SK, ownerPk } from '../shared/accounts/domain/account-keys';
import { customerPk, timelineSk } from '../shared/domain/record-keys';
import { camtBookings } from '../shared/iso20022/domain/camt-bookings';
import { CamtSettings } from '../shared/iso20022/domain/camt-settings';
import { stages } from '../infra/stage-config';
import { fmt, printTable, runWithConcurrency } from './measure';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export default async function bench() {
  const dir = mkdtempSync(join(tmpdir(), 'camt-bench-'));
  try {
    const file = join(dir, 'statement.xml');
    const { entries, bytes } = await writeLargeStatement(file, 20 * 1024 * 1024);
    const settings = CamtSettings.parse(stages.dev.iso20022);
    const run = async (map: boolean) => {
      const start = performance.now();
      let n = 0;
      for await (const o of camtBookings(createReadStream(file, { highWaterMark: 64 * 1024 }), settings, { map })) if (o.kind !== 'message') n += 1;
      if (n !== entries + 1) throw new Error(`read ${n} items, expected ${entries + 1}`);
      return entries / ((performance.now() - start) / 1000);
    };
    const parseOnly: number[] = [];
    const parseAndMap: number[] = [];
    for (let round = 0; round < 5; round++) {
      parseOnly.push(await run(false));
      parseAndMap.push(await run(true));
    }
    const p = median(parseOnly);
    const m = median(parseAndMap);
    console.log(`\niso20022: ${entries} entries, ${(bytes / 1024 / 1024).toFixed(0)} MB camt.053.001.08, 5 alternating rounds, medians (shared machine)`);
    console.table([
      { path: 'reader only (saxes, entries built)', 'entries/s': Math.round(p) },
      { path: 'reader + mapping (TransactionPosted, eventIds)', 'entries/s': Math.round(m), ratio: (m / p).toFixed(2) },
    ]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  await endToEnd();
}

const E2E_ENTRIES = Number(process.env.BENCH_CAMT_ENTRIES ?? 3_000);
const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const found = await probe();
    if (found !== undefined) return found;
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

async function endToEnd() {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  const dir = mkdtempSync(join(tmpdir(), 'camt-bench-e2e-'));
  const stack = await startLocalStack({ assemblyDir: '.local/cdk.out-bench', apiPort: 0, bucketsDir: join(dir, 'buckets') });
  const dynamoDb = new DynamoDBClient({ endpoint: stack.endpoints.dynamodb, region: stack.endpoints.region, credentials });
  const events = new EventBridgeClient({ endpoint: stack.endpoints.eventbridge, region: stack.endpoints.region, credentials });
  const table = stack.endpoints.tables['CustomerRecords/Table'];
  if (!table) throw new Error(`no CustomerRecords/Table among ${Object.keys(stack.endpoints.tables).join(', ')}`);
  try {
    const tag = randomUUID().slice(0, 8).toUpperCase();
    const accountNumber = `BENCH${tag}`;
    const accountId = `ACC-${accountNumber}`;
    const customerId = `C-CAMT-${tag}`;

    // Baseline: raw PutItem of as many timeline items, on a table of the same definition.
    const rawTable = `bench-raw-${randomUUID()}`;
    await dynamoDb.send(new CreateTableCommand({ ...stack.tables.find((t) => t.input.TableName === table)!.input, TableName: rawTable }));
    const rawMs = await runWithConcurrency(E2E_ENTRIES, 40, async (i) => {
      const key = { PK: customerPk(customerId), SK: timelineSk(new Date(Date.UTC(2026, 10, 30) + i).toISOString(), `raw-${i}`) };
      await dynamoDb.send(new PutItemCommand({ TableName: rawTable, Item: marshall({ ...key, type: 'TRANSACTION', amountMinor: 1_000 + i, currency: 'CNY', channel: 'POS' }) }));
    });
    const rawRate = (E2E_ENTRIES / rawMs) * 1000;

    // The account is known before its statement arrives, so no entry is parked.
    const opened = {
      schemaVersion: 1, eventId: `open-${accountId}`, occurredAt: '2026-11-01T09:00:00+08:00', customerId, accountId,
      version: 1, product: 'CURRENT_ACCOUNT', currency: 'CNY', openedOn: '2026-11-01',
    };
    const put = await events.send(new PutEventsCommand({ Entries: [{ Source: stages.dev.eventSource, DetailType: 'AccountOpened', Detail: JSON.stringify(opened), EventBusName: stack.endpoints.busName }] }));
    if (put.FailedEntryCount) throw new Error('PutEvents refused the AccountOpened');
    await until('the account owner', 60_000, async () => {
      const out = await dynamoDb.send(new GetItemCommand({ TableName: table, Key: marshall({ PK: ownerPk(accountId), SK: OWNER_SK }), ConsistentRead: true }));
      return out.Item ? true : undefined;
    });

    const file = join(dir, `camt053-${tag}.xml`);
    const entries = Array.from({ length: E2E_ENTRIES }, (_, i) => syntheticEntry(i));
    writeFileSync(file, camtDocument('camt.053', 8, `BENCH-${tag}`, [{ id: `STMT-${tag}`, account: { other: { id: accountNumber, scheme: 'BBAN' }, currency: 'CNY' }, entries }]));
    const began = performance.now();
    await dropFile(stack.endpoints, { file });
    const timeline = async () => {
      let count = 0;
      let start: Record<string, any> | undefined;
      do {
        const out = await dynamoDb.send(
          new QueryCommand({
            TableName: table, KeyConditionExpression: 'PK = :pk AND begins_with(SK, :tl)', Select: 'COUNT', ConsistentRead: true, ExclusiveStartKey: start,
            ExpressionAttributeValues: marshall({ ':pk': customerPk(customerId), ':tl': 'TL#' }),
          }),
        );
        count += out.Count ?? 0;
        start = out.LastEvaluatedKey;
      } while (start);
      return count;
    };
    let firstAt: number | undefined;
    await until(`${E2E_ENTRIES} timeline items`, 30 * 60_000, async () => {
      const n = await timeline();
      if (n > 0) firstAt ??= performance.now();
      return n >= E2E_ENTRIES ? n : undefined;
    });
    const ms = performance.now() - began;
    const rate = (E2E_ENTRIES / ms) * 1000;
    printTable(`camt end to end on the local stack: camt.053 dropped in the bucket → S3 notification → file queue → camt-files → bus → ingestion queue → ingest-events → DynamoDB Local`, [
      { measure: `entries/s, ${E2E_ENTRIES.toLocaleString('en-GB')} entries, drop → last timeline item readable`, value: fmt(rate, 0), baseline: `${fmt(rawRate, 0)} raw PutItem/s (40 in flight)`, ratio: fmt(rate / rawRate, 2) },
      { measure: 'drop → first timeline item readable', value: `${fmt((firstAt ?? began) - began, 0)} ms`, baseline: `${fmt(ms, 0)} ms for all` },
    ]);
  } finally {
    events.destroy();
    dynamoDb.destroy();
    await stack.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
