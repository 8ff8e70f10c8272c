// Figures change → the stream → the real re-evaluation handler → contributions, segments, managers,
// history and CustomerSegmentChanged events, against DynamoDB Local and its real stream.
import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SegmentStore } from '../../../shared/adapters/segment-store';
import { CustomerSegmentChanged } from '../../../shared/contracts/events/segment-changed';
import { branchPk, managerSk } from '../../../shared/domain/segment-record-keys';
import { lambdaContext } from '../../support/events';
import { useLocalAwsEnvironment } from '../../support/local-aws';
import { createSegmentationTable, dynamoDb, ingest, startPutEventsRecorder, streamCursor } from './segmentation-support';
import { handfulOfCustomers, lastMonths, monthlyBalances } from './segmentation-customers';

const BRANCH = 'BR-SEG-1';
let table: { tableName: string; streamArn: string };
let recorder: Awaited<ReturnType<typeof startPutEventsRecorder>>;
let cursor: ReturnType<typeof streamCursor>;
let handler: (e: { Records: unknown[] }, c: Context) => Promise<{ batchItemFailures: { itemIdentifier: string }[] }>;
const client = dynamoDb();
let store: SegmentStore;

beforeAll(async () => {
  useLocalAwsEnvironment();
  table = await createSegmentationTable(client);
  recorder = await startPutEventsRecorder();
  process.env.TABLE_NAME = table.tableName;
  process.env.EVENT_BUS_NAME = 'crm-test';
  process.env.AWS_ENDPOINT_URL_EVENTBRIDGE = recorder.url;
  store = new SegmentStore(client, table.tableName);
  // One named manager with room for one customer.
  await client.send(
    new PutItemCommand({
      TableName: table.tableName,
      Item: marshall({ PK: branchPk(BRANCH), SK: managerSk('RM-1'), managerId: 'RM-1', branchId: BRANCH, name: 'Manager One', capacity: 1, load: 0, active: true }),
    }),
  );
  cursor = streamCursor(table.streamArn);
  ({ handler } = (await import('../../../functions/segmentation-reevaluate/handler')) as never);
});
afterAll(async () => {
  cursor?.stop();
  await recorder?.stop();
});

const run = async () => handler({ Records: await cursor.next() }, lambdaContext('segmentation-reevaluate'));

describe('re-evaluation from the stream', () => {
  const { events, expected } = handfulOfCustomers(BRANCH);

  it('puts each customer in its segment and publishes one event per customer', async () => {
    await ingest(table.tableName, events, client);
    const result = await run();
    expect(result.batchItemFailures).toEqual([]);
    for (const [customerId, segment] of Object.entries(expected)) {
      expect((await store.assignment(customerId))?.segment, customerId).toBe(segment);
    }
    const details = recorder.details();
    expect(details.map((d) => [d.customerId, d.segment, d.previousSegment]).sort()).toEqual(
      Object.entries(expected).map(([c, s]) => [c, s, null]).sort(),
    );
    for (const d of details) expect(CustomerSegmentChanged.safeParse(d).success).toBe(true);
    expect(recorder.entries.every((e) => e.Source === 'crm.segmentation' && e.DetailType === 'CustomerSegmentChanged' && e.EventBusName === 'crm-test')).toBe(true);
  });

  it('keeps the reasons and the figures behind each segment', async () => {
    const bz = await store.assignment('C-BZ1');
    expect(bz!.reasons[0]!.rule).toBe('BZ_BELOW_ZERO');
    expect(bz!.trailing12Minor).toBeLessThan(0);
    const young = await store.assignment('C-NEW1');
    expect(young!.reasons.map((r) => r.rule)).toEqual(['BZ_DEFERRED_SHORT_HISTORY', 'STANDARD_NO_OTHER_RULE']);
    const mgc = await store.assignment('C-MGC1');
    expect(mgc!.reasons.map((r) => r.rule)).toContain('MGC_UNDER_PENETRATED');
    const { contributions } = await store.contributionsAndLoans('C-MVC1');
    expect(contributions.map((c) => c.month)).toEqual(lastMonths(6));
    // 1,000,000.00 at 0.8 % a year, less 1.50 servicing: 66,667 − 150 per month.
    expect(contributions.every((c) => c.contributionMinor === 66_667 - 150)).toBe(true);
  });

  it('names the manager with room and sends the next MVC customer to the team queue', async () => {
    const managers = [await store.assignment('C-MVC1'), await store.assignment('C-MVC2')].map((a) => a!.manager);
    expect(managers).toContainEqual({ kind: 'NAMED', managerId: 'RM-1', branchId: BRANCH });
    expect(managers).toContainEqual({ kind: 'TEAM_QUEUE' });
    expect((await store.roster(BRANCH))[0]!.load).toBe(1);
    expect((await store.assignment('C-MGC1'))!.manager).toEqual({ kind: 'GROWTH_DESK_POOL' });
  });

  it('publishes nothing and writes nothing when the same records come again', async () => {
    const before = recorder.entries.length;
    const versions = await Promise.all(Object.keys(expected).map(async (c) => (await store.assignment(c))!.version));
    const all = await streamCursor(table.streamArn).next(); // every figure record again, from the start
    const result = await handler({ Records: all }, lambdaContext('segmentation-reevaluate'));
    expect(result.batchItemFailures).toEqual([]);
    expect(recorder.entries.length).toBe(before);
    expect(await Promise.all(Object.keys(expected).map(async (c) => (await store.assignment(c))!.version))).toEqual(versions);
  });

  it('moves a customer when figures change, keeps the history, and publishes again after a failed PutEvents', async () => {
    await ingest(table.tableName, monthlyBalances('C-BZ1', 'CA-3', 'CURRENT_ACCOUNT', 500_000_000, lastMonths(3)), client);
    const records = await cursor.next();
    recorder.failNext(1);
    const failed = await handler({ Records: records }, lambdaContext('segmentation-reevaluate'));
    expect(failed.batchItemFailures).toHaveLength(1);
    expect((await store.assignment('C-BZ1'))!.segment).toBe('MVC');
    const published = recorder.entries.length;
    // Lambda retries from the reported record on.
    const from = records.findIndex((r) => r.dynamodb!.SequenceNumber === failed.batchItemFailures[0]!.itemIdentifier);
    const retried = await handler({ Records: records.slice(from) }, lambdaContext('segmentation-reevaluate'));
    expect(retried.batchItemFailures).toEqual([]);
    const fresh = recorder.details().slice(published);
    expect(fresh).toEqual([expect.objectContaining({ customerId: 'C-BZ1', previousSegment: 'BZ', segment: 'MVC', eventId: 'C-BZ1#2', segmentVersion: 2 })]);
    const { history } = await store.assignmentWithHistory('C-BZ1');
    expect(history.map((h) => [h.segmentVersion, h.segment])).toEqual([
      [2, 'MVC'],
      [1, 'BZ'],
    ]);
  });
});
