// Fixtures for segmentation against DynamoDB Local: the customer-records table as infra declares it
// (segment indexes, keys-only stream), ingestion of core-banking events through the real record changes,
// the table's real stream read back, and a PutEvents endpoint that records what was published.
import { DescribeStreamCommand, DynamoDBStreamsClient, GetRecordsCommand, GetShardIteratorCommand } from '@aws-sdk/client-dynamodb-streams';
import { DeleteMessageBatchCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import type { Context, DynamoDBRecord, SQSEvent } from 'aws-lambda';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inject } from 'vitest';
import { CustomerRecordsWriter } from '../../../shared/adapters/customer-records-writer';
import type { SegmentStore } from '../../../shared/adapters/segment-store';
import { assignSegment, mvcThreshold, type SegmentationInput } from '../../../shared/domain/segmentation';
import { DEFAULT_SEGMENT_PARAMETERS } from '../../../shared/domain/segment-parameters';
import type { ManagerAssignment } from '../../../shared/domain/segmentation/relationship-managers';
import { nextStoredAssignment } from '../../../shared/segmentation/stored-assignment';
import type { CoreBankingEvent } from '../../../shared/contracts/events';
import { recordChangesFor } from '../../../shared/domain/record-changes';
import { FIGURE_SK_PREFIXES } from '../../../shared/domain/segment-record-keys';
import { CUSTOMER_RECORDS_TABLE } from '../../../shared/adapters/table-layouts';
import { createLayoutTable } from '../../../local/services/layout-tables';
import { streamRecord } from '../../../local/runtime/stream-event';
import { compilePattern } from '../../../local/eventbridge/patterns';
import { sqsRecord } from '../../support/events';
import { dynamoDb, localClientConfig, sqs } from '../../support/local-aws';
import { figureFilterPattern } from '../../../shared/domain/segment-index';

export { dynamoDb };

export async function createSegmentationTable(client = dynamoDb()): Promise<{ tableName: string; streamArn: string }> {
  const { tableName, streamArn } = await createLayoutTable(client, CUSTOMER_RECORDS_TABLE, 'segmentation');
  return { tableName, streamArn: streamArn! };
}

export async function ingest(tableName: string, events: CoreBankingEvent[], client = dynamoDb()) {
  const writer = new CustomerRecordsWriter(client, tableName);
  for (const e of events) await writer.apply(recordChangesFor(e));
}

/** Every record the stream holds now, shard by shard, in order, as Lambda would receive them. */
async function readWholeStream(client: DynamoDBStreamsClient, streamArn: string): Promise<DynamoDBRecord[]> {
  const out: DynamoDBRecord[] = [];
  const shards = (await client.send(new DescribeStreamCommand({ StreamArn: streamArn }))).StreamDescription?.Shards ?? [];
  for (const shard of shards) {
    let iterator = (await client.send(new GetShardIteratorCommand({ StreamArn: streamArn, ShardId: shard.ShardId!, ShardIteratorType: 'TRIM_HORIZON' }))).ShardIterator;
    while (iterator) {
      const page = await client.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 1000 }));
      out.push(...(page.Records ?? []).map((r) => streamRecord(r, streamArn, 'us-east-1')));
      if (!page.Records?.length) break; // an open shard never ends: stop at its current end
      iterator = page.NextShardIterator;
    }
  }
  return out;
}

/** Reads the table's stream from where the previous call stopped, filtered as the event source mapping is. */
export function streamCursor(streamArn: string) {
  const streams = new DynamoDBStreamsClient({ ...localClientConfig, endpoint: inject('dynamoDbEndpoint') });
  const seen = new Set<string>();
  const filter = compilePattern(figureFilterPattern());
  return {
    async next(): Promise<DynamoDBRecord[]> {
      const all = await readWholeStream(streams, streamArn);
      const fresh = all.filter((r) => !seen.has(r.dynamodb!.SequenceNumber!));
      for (const r of fresh) seen.add(r.dynamodb!.SequenceNumber!);
      return fresh.filter((r) => filter(r));
    },
    prefixes: FIGURE_SK_PREFIXES,
    stop: () => streams.destroy(),
  };
}

export type RecordedEvent = { Source: string; DetailType: string; Detail: string; EventBusName?: string };

/** A PutEvents endpoint (AWS JSON 1.1) that accepts every entry and keeps it; `failNext` refuses calls. */
export async function startPutEventsRecorder() {
  const entries: RecordedEvent[] = [];
  let failures = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as { Entries?: RecordedEvent[] };
      const list = body.Entries ?? [];
      let out: unknown;
      if (failures > 0) {
        failures -= 1;
        out = { FailedEntryCount: list.length, Entries: list.map(() => ({ ErrorCode: 'InternalFailure', ErrorMessage: 'test' })) };
      } else {
        entries.push(...list);
        out = { FailedEntryCount: 0, Entries: list.map(() => ({ EventId: randomUUID() })) };
      }
      res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
      res.end(JSON.stringify(out));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    entries,
    details: () => entries.map((e) => JSON.parse(e.Detail) as Record<string, any>),
    failNext: (n = 1) => {
      failures = n;
    },
    stop: () => new Promise<void>((r) => server.close(() => r())),
  };
}

type Worker = (e: SQSEvent, c: Context) => Promise<{ batchItemFailures: unknown[] }>;

/**
 * Runs the recalibration worker on the work queue until it stays empty, one message per invocation (as
 * the event source mapping's batch size of 1 does), each failing the test if it reports a failure.
 * Returns the number of invocations.
 */
export async function drainWorkQueue(queueUrl: string, worker: Worker, context: () => Context): Promise<number> {
  const queue = sqs();
  let invocations = 0;
  for (let idle = 0; idle < 2; ) {
    const out = await queue.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0, VisibilityTimeout: 60 }));
    const messages = out.Messages ?? [];
    if (messages.length === 0) {
      idle += 1;
      continue;
    }
    idle = 0;
    await Promise.all(
      messages.map(async (m) => {
        invocations += 1;
        const result = await worker({ Records: [sqsRecord(m.Body!, m.MessageId)] }, context());
        if (result.batchItemFailures.length > 0) throw new Error(`the worker failed ${m.Body}`);
      }),
    );
    await queue.send(new DeleteMessageBatchCommand({ QueueUrl: queueUrl, Entries: messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle! })) }));
  }
  queue.destroy();
  return invocations;
}

/** A customer assessed on a trailing contribution alone: long-standing, no trend, middle income, one product. */
export const assessedOn = (trailing12Minor: number): SegmentationInput => ({
  asOf: '2026-11-20',
  customerSince: '2020-01-01',
  trailing12Minor,
  trend: {
    latest: { fromMonth: '2026-09', toMonth: '2026-11', totalMinor: 0, monthsWithFigures: 3 },
    previous: { fromMonth: '2026-06', toMonth: '2026-08', totalMinor: 0, monthsWithFigures: 3 },
    deltaMinor: 0,
    growthRatio: null,
  },
  incomeBand: 'MIDDLE',
  productsHeld: 1,
});

/** Stores a customer's first assignment, assessed on `trailing12Minor` before any recalibration. */
export async function storeFirstAssignment(
  store: SegmentStore,
  c: { customerId: string; branchId: string; trailing12Minor: number; manager?: ManagerAssignment },
): Promise<void> {
  const rules = DEFAULT_SEGMENT_PARAMETERS.segmentation;
  const next = nextStoredAssignment(undefined, {
    customerId: c.customerId,
    assignment: assignSegment(assessedOn(c.trailing12Minor), rules, mvcThreshold(rules.mvc, null)),
    branchId: c.branchId,
    currency: 'CNY',
    manager: c.manager ?? { kind: 'TEAM_QUEUE' },
    cause: 'FIGURES_CHANGED',
    now: '2026-11-20T00:00:00.000Z',
  });
  await store.writeAssignment(undefined, next);
}
