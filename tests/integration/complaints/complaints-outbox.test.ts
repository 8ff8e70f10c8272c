// The routing outbox under a failing publisher: complaints filed without an Idempotency-Key are stored
// RECEIVED and nothing else; the complaints table's stream, read by the local runtime's stream mapping
// (retries from the first failed record, halving, giving up after its retries), hands them to the real
// router processing, whose PutEvents fails for a while. Every stored complaint ends routed exactly once;
// one the stream gave up on is swept back into it by the breach scan's sweep and routed then, once.
import { randomUUID } from 'node:crypto';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { fileComplaint } from '../../../functions/complaint-api/file-complaint';
import { sweepOutbox } from '../../../functions/complaint-breaches/sweep-outbox';
import type { RouterDeps } from '../../../functions/complaint-router/route-received';
import { outboxRecordProcessor } from '../../../functions/complaint-router/route-record';
import { StreamPoller } from '../../../local/runtime/stream-poller';
import type { StreamEventSourceMapping } from '../../../local/runtime/event-source-mappings';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../../local/services/dynamodb-local';
import { ROUTING_OUTBOX_FILTER } from '../../../shared/adapters/complaint-outbox';
import { CustomerRecordsBatchFacts } from '../../../shared/adapters/complaint-customer-facts';
import { RejectedEventsQueue } from '../../../shared/adapters/rejected-events';
import { serviceLevelsFrom } from '../../../shared/adapters/complaint-service-levels';
import { BreachScanStore } from '../../../shared/adapters/complaint-breach-scan-store';
import { SegmentConfigStore } from '../../../shared/adapters/segment-config';
import { DEFAULT_SEGMENT_PARAMETERS } from '../../../shared/domain/segment-parameters';
import { streamHandler } from '../../../shared/runtime/stream-handler';
import { lambdaContext } from '../../support/events';
import { createCustomerTable, createQueue, dynamoDb, sqs, useLocalAwsEnvironment } from '../../support/local-aws';
import { createComplaintsTable, RecordingSink, settingsFor } from './complaints-support';
import { TableStream } from '../../../local/services/table-stream';

let store: BreachScanStore;
let tableName: string;
let streamArn: string;
let sink: RecordingSink;
let handler: ReturnType<typeof streamHandler>;
let poller: StreamPoller | undefined;
let factsFail = false;
let factsCalls = 0;
const now = () => '2026-11-02T01:00:00.000Z';

// A table of its own for each case, so that one case's stream is not read by the other's mapping.
beforeEach(async () => {
  useLocalAwsEnvironment();
  tableName = await createComplaintsTable();
  store = new BreachScanStore(dynamoDb(), tableName);
  streamArn = (await TableStream.of(dynamoDb(), tableName, inject('dynamoDbEndpoint'), ROUTING_OUTBOX_FILTER)).streamArn;
  const customers = await createCustomerTable();
  sink = new RecordingSink();
  const facts = new CustomerRecordsBatchFacts(dynamoDb(), customers);
  const deps: RouterDeps = {
    store,
    facts: {
      factsOfMany: async (customerIds) => {
        if (factsFail) {
          factsCalls++;
          throw new Error('ProvisionedThroughputExceededException');
        }
        return facts.factsOfMany(customerIds);
      },
    },
    events: sink,
    settings: settingsFor('CN'),
    serviceLevels: serviceLevelsFrom(new SegmentConfigStore(dynamoDb(), customers, DEFAULT_SEGMENT_PARAMETERS)),
    calendar: { current: async () => settingsFor('CN').calendar },
    now,
  };
  // The handler as deployed, around the router's processing, with a publisher that can be made to fail.
  handler = streamHandler(outboxRecordProcessor(deps), new RejectedEventsQueue(sqs(), await createQueue(), 'complaint-router'));
});

afterEach(async () => {
  await poller?.stop();
  poller = undefined;
});

/** The router's mapping as infra declares it, but retrying `retries` times (-1: until it succeeds). */
function startMapping(retries: number) {
  const mapping: StreamEventSourceMapping = {
    logicalId: 'Routing',
    functionLogicalId: 'ComplaintRouter',
    tableLogicalId: 'Complaints',
    streamArn,
    startingPosition: 'TRIM_HORIZON',
    batchSize: 10,
    batchingWindowSeconds: 0,
    reportBatchItemFailures: true,
    enabled: true,
    maximumRetryAttempts: retries,
    maximumRecordAgeSeconds: -1,
    bisectBatchOnFunctionError: true,
    parallelizationFactor: 1,
    partitionKey: 'PK',
    filterPatterns: [ROUTING_OUTBOX_FILTER],
  };
  const started = new StreamPoller(mapping, {
    streams: new DynamoDBStreamsClient({ endpoint: inject('dynamoDbEndpoint'), region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS }),
    sqs: new SQSClient({ endpoint: inject('sqsEndpoint'), region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS }),
    sqsEndpoint: inject('sqsEndpoint'),
    region: LOCAL_REGION,
    functionArn: 'arn:aws:lambda:us-east-1:123456789012:function:complaint-router',
    partitionKey: 'PK',
    partitionGroups: 2,
    invoke: async (event) => {
      try {
        const result = await handler(event as DynamoDBStreamEvent, lambdaContext('complaint-router'));
        return { requestId: randomUUID(), durationMs: 0, ok: true, result };
      } catch (error) {
        return { requestId: randomUUID(), durationMs: 0, ok: false, error: { errorType: 'Error', errorMessage: (error as Error).message } };
      }
    },
  });
  started.start();
  return started;
}

const file = (customerId: string) =>
  fileComplaint(
    { store, settings: settingsFor('CN'), calendar: { current: async () => settingsFor('CN').calendar }, now },
    { customerId, intake: { description: 'My transfer to my landlord has not arrived', channel: 'ONLINE', filedBy: { role: 'CUSTOMER', subject: `sub-${customerId}` } } },
  );

async function until(condition: () => Promise<boolean>, ms: number) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await condition()) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('timed out');
}

/** Each complaint: ROUTED at version 2, one routing in its history, announced under one id per event. */
async function expectRoutedOnce(ids: readonly string[]) {
  for (const id of ids) {
    const record = (await store.get(id))!;
    expect(record.complaint, id).toMatchObject({ status: 'ROUTED', version: 2 });
    const history = await store.history(id);
    expect(history.filter((e) => e.to === 'ROUTED')).toHaveLength(1);
    for (const type of ['ComplaintReceived', 'ComplaintRouted'] as const) {
      const announced = sink.of(type).filter((e) => e.detail.complaintId === id);
      expect(announced.length, `${type} of ${id}`).toBeGreaterThanOrEqual(1);
      expect(new Set(announced.map((e) => e.detail.eventId)).size).toBe(1);
    }
  }
}

describe('the routing outbox', () => {
  it('routes every complaint stored without an Idempotency-Key exactly once while PutEvents fails for a while', async () => {
    poller = startMapping(-1);
    sink.failures = 6; // the first six publishes fail, after their routing was stored
    const filed = await Promise.all(Array.from({ length: 20 }, (_, i) => file(`C-OUT-${i}`)));
    const ids = filed.map((f) => f.complaintId);
    await until(async () => sink.failures === 0 && (await Promise.all(ids.map((id) => store.get(id)))).every((r) => r?.complaint.status === 'ROUTED'), 60_000);
    // Records after a failed one come again (the mapping resumes from the lowest failure): let them settle.
    await until(async () => poller!.inFlight === 0, 30_000);
    await expectRoutedOnce(ids);
  }, 120_000);

  it('routes a complaint the stream gave up on once the sweep puts it through the stream again', async () => {
    poller = startMapping(1);
    factsFail = true; // the customer records cannot be read: routing itself fails, the complaint stays RECEIVED
    const stuck = await file('C-OUT-STUCK');
    // One try and one retry, then the mapping gives the record up (its location to the on-failure queue).
    await until(async () => factsCalls >= 2, 30_000);
    await until(async () => poller!.inFlight === 0, 30_000);
    expect((await store.get(stuck.complaintId))!.complaint.status).toBe('RECEIVED');
    factsFail = false;

    // Too early for the sweep: nothing is touched.
    expect((await sweepOutbox(store, '2026-11-02T01:10:00.000Z')).swept).toEqual([]);
    const { swept } = await sweepOutbox(store, '2026-11-02T01:16:00.000Z');
    expect(swept).toEqual([stuck.complaintId]);
    await until(async () => (await store.get(stuck.complaintId))!.complaint.status === 'ROUTED', 30_000);
    await until(async () => poller!.inFlight === 0, 30_000);
    await expectRoutedOnce([stuck.complaintId]);
    // Sweeping again finds nothing: a routed complaint leaves the unrouted partition.
    expect((await sweepOutbox(store, '2026-11-02T02:00:00.000Z')).swept).toEqual([]);
  }, 120_000);
});
