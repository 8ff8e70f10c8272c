// Recalibration over 10,000 customers in DynamoDB Local through the real start and worker handlers and
// a real (local) SQS work queue: the percentile is exactly the nearest-rank one, every customer ends in
// the segment the new threshold gives, exactly the movers are published, analytics add up, and work
// continues across invocations when time runs short.
import { BatchWriteItemCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SegmentConfigStore } from '../../../shared/adapters/segment-config';
import { SegmentIndexStore } from '../../../shared/adapters/segment-index-store';
import { assignSegment, mvcThreshold, percentile } from '../../../shared/domain/segmentation';
import { DEFAULT_SEGMENT_PARAMETERS } from '../../../shared/domain/segment-parameters';
import type { StoredAssignment } from '../../../shared/segmentation/stored-assignment';
import { lambdaContext } from '../../support/events';
import { createQueue, sqs, useLocalAwsEnvironment } from '../../support/local-aws';
import { createSegmentationTable, drainWorkQueue, dynamoDb, startPutEventsRecorder } from './segmentation-support';
import { inputOf, seededAssignment, trailingOf } from '../../support/segmented-base';

const CUSTOMERS = 10_000;
const rules = DEFAULT_SEGMENT_PARAMETERS.segmentation;
const client = dynamoDb();
const queueClient = sqs();
let tableName: string;
let queueUrl: string;
let recorder: Awaited<ReturnType<typeof startPutEventsRecorder>>;

const positives = Array.from({ length: CUSTOMERS }, (_, i) => trailingOf(i)).filter((v) => v > 0);
const expectedPercentile = percentile(positives, rules.mvc.percentile)!;
// Before: everyone assigned under an older, lower percentile, so the customers between the two move down.
const oldPercentile = Math.round(expectedPercentile * 0.9);
const newThreshold = mvcThreshold(rules.mvc, expectedPercentile);
const oldThreshold = mvcThreshold(rules.mvc, oldPercentile);

async function seed() {
  const items: StoredAssignment[] = Array.from({ length: CUSTOMERS }, (_, i) => seededAssignment(i, oldThreshold, 5));
  const chunks: StoredAssignment[][] = [];
  for (let i = 0; i < items.length; i += 25) chunks.push(items.slice(i, i + 25));
  const work = chunks.map((chunk) => () => client.send(new BatchWriteItemCommand({ RequestItems: { [tableName]: chunk.map((a) => ({ PutRequest: { Item: marshall(a, { removeUndefinedValues: true }) } })) } })));
  for (let i = 0; i < work.length; i += 16) await Promise.all(work.slice(i, i + 16).map((w) => w()));
  await new SegmentConfigStore(client, tableName, DEFAULT_SEGMENT_PARAMETERS).saveCalibration({ runId: '2026-10-01T00:00:00Z', percentileMinor: oldPercentile, positiveContributors: positives.length, at: '2026-10-01T00:00:00Z' });
}

/** A context that says time is short after one page: forces every piece of work to continue in a new message. */
const shortOfTime = (): Context => ({ ...lambdaContext('segmentation-recalibration-worker'), getRemainingTimeInMillis: () => 5_000 });

async function allAssignments(): Promise<StoredAssignment[]> {
  const out: StoredAssignment[] = [];
  let start: Record<string, any> | undefined;
  do {
    const page = await client.send(new ScanCommand({ TableName: tableName, FilterExpression: 'SK = :s', ExpressionAttributeValues: { ':s': { S: 'SEGMENT' } }, ExclusiveStartKey: start }));
    out.push(...(page.Items ?? []).map((i) => unmarshall(i) as StoredAssignment));
    start = page.LastEvaluatedKey;
  } while (start);
  return out;
}

let invocations = 0;
beforeAll(async () => {
  useLocalAwsEnvironment();
  ({ tableName } = await createSegmentationTable(client));
  queueUrl = await createQueue(queueClient);
  recorder = await startPutEventsRecorder();
  Object.assign(process.env, { TABLE_NAME: tableName, WORK_QUEUE_URL: queueUrl, EVENT_BUS_NAME: 'crm-test', AWS_ENDPOINT_URL_EVENTBRIDGE: recorder.url, SCAN_SEGMENTS: '4' });
  await seed();
  const start = (await import('../../../functions/segmentation-recalibration-start/handler')).handler;
  const worker = (await import('../../../functions/segmentation-recalibration-worker/handler')).handler;
  await start({ time: '2026-11-02T02:00:00Z' });
  await start({ time: '2026-11-02T02:00:00Z' }); // the same tick delivered twice starts one run
  invocations = await drainWorkQueue(queueUrl, worker, shortOfTime);
}, 600_000);
afterAll(() => recorder?.stop());

describe(`recalibration over ${CUSTOMERS} customers`, () => {
  it('stores exactly the nearest-rank percentile of the positive contributors', async () => {
    const config = await new SegmentConfigStore(client, tableName, DEFAULT_SEGMENT_PARAMETERS).current({ fresh: true });
    expect(config.percentileMinor).toBe(expectedPercentile);
    expect(config.positiveContributors).toBe(positives.length);
  });

  it('leaves every customer in the segment the new threshold gives, and publishes exactly the movers, once', async () => {
    const all = await allAssignments();
    expect(all).toHaveLength(CUSTOMERS);
    const movers = new Set<string>();
    for (const a of all) {
      const i = Number(a.customerId.slice(2));
      const expected = assignSegment(inputOf(i), rules, newThreshold).segment;
      expect(a.segment, a.customerId).toBe(expected);
      if (expected !== assignSegment(inputOf(i), rules, oldThreshold).segment) movers.add(a.customerId);
    }
    expect(movers.size).toBeGreaterThan(100);
    const published = recorder.details();
    expect(published.map((d) => d.customerId).sort()).toEqual([...movers].sort());
    expect(published.every((d) => d.cause === 'RECALIBRATION' && d.previousSegment === 'MVC' && d.mvcThresholdMinor === newThreshold.thresholdMinor)).toBe(true);
  });

  it('keeps counts and totals per segment and branch that add up to the base', async () => {
    const snapshot = await new SegmentIndexStore(client, tableName).analytics();
    const counts = Object.values(snapshot!.aggregates).reduce((n, a) => n + a.count, 0);
    expect(counts).toBe(CUSTOMERS);
    const total = Object.values(snapshot!.aggregates).reduce((n, a) => n + a.totalMinor, 0);
    expect(total).toBe(Array.from({ length: CUSTOMERS }, (_, i) => trailingOf(i)).reduce((s, v) => s + v, 0));
  });

  it('continued its work across invocations when time ran short', () => {
    // 4 scan segments, 1 finalize, and more than one page of movers for some partition.
    expect(invocations).toBeGreaterThan(4 + 1 + 12);
  });
});
