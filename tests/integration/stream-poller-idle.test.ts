// The local stream poller tells the stack when it is idle. A batch waiting out its batching window
// holds records that no function has seen yet: the poller is busy then, and "drained since" a moment
// holds only once a pass begun after that moment read the stream to its end (issue 16: a 5 s window
// let a seeded month be declared done before its last re-evaluations).
import { CreateTableCommand, DescribeTableCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, inject, it } from 'vitest';
import type { StreamEventSourceMapping } from '../../local/runtime/event-source-mappings';
import { StreamPoller } from '../../local/runtime/stream-poller';
import { dynamoDb, localClientConfig, sqs } from '../support/local-aws';

const pollers: StreamPoller[] = [];
afterEach(async () => {
  await Promise.all(pollers.splice(0).map((p) => p.stop()));
});

async function streamedTable() {
  const client = dynamoDb();
  const TableName = `poller-${randomUUID()}`;
  await client.send(
    new CreateTableCommand({
      TableName,
      KeySchema: [{ AttributeName: 'PK', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'PK', AttributeType: 'S' }],
      BillingMode: 'PAY_PER_REQUEST',
      StreamSpecification: { StreamEnabled: true, StreamViewType: 'KEYS_ONLY' },
    }),
  );
  const streamArn = (await client.send(new DescribeTableCommand({ TableName }))).Table!.LatestStreamArn!;
  return { client, TableName, streamArn };
}

const mappingFor = (streamArn: string, batchingWindowSeconds: number): StreamEventSourceMapping => ({
  logicalId: 'Mapping',
  functionLogicalId: 'Fn',
  tableLogicalId: 'Table',
  streamArn,
  startingPosition: 'TRIM_HORIZON',
  batchSize: 100,
  batchingWindowSeconds,
  reportBatchItemFailures: true,
  enabled: true,
  maximumRetryAttempts: 0,
  maximumRecordAgeSeconds: -1,
  bisectBatchOnFunctionError: false,
  parallelizationFactor: 1,
  partitionKey: 'PK',
  filterPatterns: [],
});

const until = async (condition: () => boolean, timeoutMs = 20_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
};

describe('stream poller idleness', () => {
  it('is busy while a batch waits out its window, and drained only after a later pass found nothing', async () => {
    const { client, TableName, streamArn } = await streamedTable();
    const delivered: number[] = [];
    const poller = new StreamPoller(mappingFor(streamArn, 2), {
      streams: new DynamoDBStreamsClient({ ...localClientConfig, endpoint: inject('dynamoDbEndpoint') }),
      sqs: sqs(),
      sqsEndpoint: inject('sqsEndpoint'),
      region: localClientConfig.region,
      functionArn: 'arn:aws:lambda:us-east-1:123456789012:function:fn',
      partitionKey: 'PK',
      partitionGroups: 1,
      invoke: async () => {
        delivered.push(Date.now());
        return { requestId: randomUUID(), durationMs: 1, ok: true as const, result: { batchItemFailures: [] } };
      },
    });
    pollers.push(poller);
    poller.start();
    // An empty stream: read to its end, nothing in flight.
    const before = Date.now();
    await until(() => poller.drainedSince(before));

    const written = Date.now();
    await client.send(new PutItemCommand({ TableName, Item: { PK: { S: 'C-1' } } }));
    // The record is read and held for the 2 s window: busy, and not drained since it was written.
    await until(() => poller.inFlight > 0);
    expect(delivered).toHaveLength(0);
    expect(poller.drainedSince(written)).toBe(false);
    await new Promise((r) => setTimeout(r, 800));
    expect(delivered).toHaveLength(0);
    expect(poller.inFlight).toBeGreaterThan(0);

    await until(() => delivered.length === 1);
    await until(() => poller.drainedSince(written));
    expect(delivered[0]! - written).toBeGreaterThanOrEqual(1500);
    expect(poller.inFlight).toBe(0);
  }, 60_000);
});
