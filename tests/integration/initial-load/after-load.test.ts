// After a load: every customer assessed once and one recalibration over the whole new base, through the
// real worker, re-evaluation and recalibration handlers, against DynamoDB Local, its real stream, a real
// (local) SQS and the load bucket behind the local S3 endpoint. The stream re-evaluation is held off
// while the ranges are written: the records it is handed then assign nothing and publish nothing.
import { ReceiveMessageCommand, DeleteMessageCommand } from '@aws-sdk/client-sqs';
import { S3Client } from '@aws-sdk/client-s3';
import type { Context, SQSEvent } from 'aws-lambda';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { FolderBuckets } from '../../../local/s3/folder-buckets';
import { startS3Server, type RunningS3Server } from '../../../local/s3/server';
import { generateCoreBankingStream } from '../../../local/simulator/core-banking-stream';
import { writeExportFiles } from '../../../local/simulator/export-files';
import { SegmentConfigStore } from '../../../shared/adapters/segment-config';
import { SegmentIndexStore } from '../../../shared/adapters/segment-index-store';
import { SegmentStore } from '../../../shared/adapters/segment-store';
import { DEFAULT_SEGMENT_PARAMETERS } from '../../../shared/domain/segment-parameters';
import { S3ExportFiles } from '../../../shared/initial-load/adapters/export-files';
import { LoadStore } from '../../../shared/initial-load/adapters/load-store';
import { SqsLoadQueue } from '../../../shared/initial-load/adapters/load-work-queue';
import { startLoad } from '../../../shared/initial-load/use-cases/start-load';
import { lambdaContext, sqsRecord } from '../../support/events';
import { createQueue, sqs, useLocalAwsEnvironment } from '../../support/local-aws';
import { createSegmentationTable, dynamoDb, startPutEventsRecorder, streamCursor } from '../segmentation/segmentation-support';
import { handfulOfCustomers } from '../segmentation/segmentation-customers';

vi.setConfig({ testTimeout: 300_000, hookTimeout: 900_000 });
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

type SqsWorker = (e: SQSEvent, c: Context) => Promise<{ batchItemFailures: unknown[] }>;
const client = dynamoDb();
const queues = sqs();
const handful = handfulOfCustomers('BR-LOAD-1');
// The handful whose segments are known, and a simulated base around them.
const simulated = [...generateCoreBankingStream({ customers: 30, days: 20, seed: 'after-load' })];
const customerIds = [...new Set([...handful.events, ...simulated].map((e) => e.detail.customerId))];

let server: RunningS3Server;
let recorder: Awaited<ReturnType<typeof startPutEventsRecorder>>;
let table: { tableName: string; streamArn: string };
let loadQueueUrl: string;
let recalibrationQueueUrl: string;
const heldOff = { records: 0, segmentsDuringLoad: -1, publishedDuringLoad: -1 };
let rangeInvocations = 0;

/** One message a receive, the way a batch size of 1 invokes the function, until `done()` holds. */
async function work(queueUrl: string, worker: SqsWorker, done: () => Promise<boolean>, onEach?: () => Promise<void>, timeoutMs = 400_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`${queueUrl}: not done after ${timeoutMs} ms`);
    const out = await queues.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 1, WaitTimeSeconds: 1, VisibilityTimeout: 120, AttributeNames: ['All'] }));
    for (const m of out.Messages ?? []) {
      const result = await worker({ Records: [{ ...sqsRecord(m.Body!, m.MessageId), attributes: { ...sqsRecord('').attributes, ApproximateReceiveCount: m.Attributes?.ApproximateReceiveCount ?? '1' } }] }, { ...lambdaContext('worker'), getRemainingTimeInMillis: () => 300_000 });
      if (result.batchItemFailures.length) throw new Error(`the worker failed ${m.Body}`);
      await queues.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: m.ReceiptHandle! }));
      await onEach?.();
    }
  }
}

beforeAll(async () => {
  useLocalAwsEnvironment();
  const bucketsRoot = await mkdtemp(join(tmpdir(), 'after-load-'));
  server = await startS3Server({ store: new FolderBuckets(bucketsRoot, [{ name: 'loads', versioned: false, encryption: 'AES256' }]), region: 'us-east-1' });
  recorder = await startPutEventsRecorder();
  table = await createSegmentationTable(client);
  [loadQueueUrl, recalibrationQueueUrl] = await Promise.all([createQueue(queues), createQueue(queues)]);
  Object.assign(process.env, {
    TABLE_NAME: table.tableName,
    LOAD_BUCKET_NAME: 'loads',
    LOAD_QUEUE_URL: loadQueueUrl,
    LOAD_DEAD_LETTER_QUEUE_URL: await createQueue(queues),
    RECALIBRATION_QUEUE_URL: recalibrationQueueUrl,
    WORK_QUEUE_URL: recalibrationQueueUrl,
    EVENT_BUS_NAME: 'crm-test',
    AWS_ENDPOINT_URL_EVENTBRIDGE: recorder.url,
    AWS_ENDPOINT_URL_S3: server.url,
    SCAN_SEGMENTS: '2',
    LOAD_MAX_RECEIVE_COUNT: '5',
  });
  await writeExportFiles([...handful.events, ...simulated], { folder: join(bucketsRoot, 'loads', 'base'), eventFiles: 3 });

  const loadWorker = (await import('../../../functions/initial-load-worker/handler')).handler as unknown as SqsWorker;
  const reevaluate = (await import('../../../functions/segmentation-reevaluate/handler')).handler;
  const recalibrationWorker = (await import('../../../functions/segmentation-recalibration-worker/handler')).handler as unknown as SqsWorker;
  const s3 = new S3Client({ endpoint: server.url });
  const loads = new LoadStore(client, table.tableName);
  const started = await startLoad(
    { files: new S3ExportFiles(s3, 'loads'), store: loads, queue: new SqsLoadQueue(queues, loadQueueUrl), now: () => new Date(), rangeBytes: 48 * 1024, assessSegments: 2, maxRejectedLines: 1000 },
    { manifestKey: 'base/manifest.json', loadId: 'after-load' },
  );
  expect(started).toMatchObject({ kind: 'started' });

  // While the ranges are written, the stream's records go to the real re-evaluation handler after every range.
  const cursor = streamCursor(table.streamArn);
  const segments = new SegmentStore(client, table.tableName);
  const assigned = async () => (await Promise.all(customerIds.map((c) => segments.assignment(c)))).filter(Boolean).length;
  await work(
    loadQueueUrl,
    loadWorker,
    async () => (await loads.load('after-load'))!.state !== 'LOADING',
    async () => {
      // Every few ranges: the stream is read from its start each time.
      if (rangeInvocations++ % 3 !== 0) return;
      const records = await cursor.next();
      heldOff.records += records.length;
      if (records.length) await reevaluate({ Records: records } as never);
    },
  );
  heldOff.segmentsDuringLoad = await assigned();
  heldOff.publishedDuringLoad = recorder.entries.length;
  cursor.stop();
  // The assessment (queued past the flag's cache), then the recalibration it starts.
  await work(loadQueueUrl, loadWorker, async () => (await loads.load('after-load'))!.state === 'COMPLETED');
  const runId = (await loads.load('after-load'))!.recalibrationRunId!;
  const index = new SegmentIndexStore(client, table.tableName);
  await work(recalibrationQueueUrl, recalibrationWorker, async () => (await index.run(runId))?.result !== undefined);
  s3.destroy();
});

afterAll(async () => {
  await recorder?.stop();
  await server?.stop();
});

describe('after a load', () => {
  it('the stream re-evaluation was held off while the ranges were written', () => {
    expect(rangeInvocations).toBeGreaterThan(3);
    expect(heldOff.records).toBeGreaterThan(customerIds.length); // it was handed the loaded figures…
    expect(heldOff.segmentsDuringLoad).toBe(0); // …and assigned nobody
    expect(heldOff.publishedDuringLoad).toBe(0);
  });

  it('every customer has a segment, the known ones the segment their figures give, each published once', async () => {
    const segments = new SegmentStore(client, table.tableName);
    const stored = await Promise.all(customerIds.map(async (c) => [c, (await segments.assignment(c))?.segment] as const));
    expect(stored.filter(([, s]) => !s).map(([c]) => c)).toEqual([]);
    for (const [customerId, segment] of Object.entries(handful.expected)) expect(Object.fromEntries(stored)[customerId], customerId).toBe(segment);
    // A first assignment for each customer, once (previousSegment null); the recalibration publishes moves only.
    const firsts = recorder.details().filter((d) => d.previousSegment === null);
    expect(firsts.map((d) => d.customerId).sort()).toEqual([...customerIds].sort());
  });

  it('one recalibration ran over the whole new base and the load names it', async () => {
    const load = await new LoadStore(client, table.tableName).load('after-load');
    expect(load).toMatchObject({ state: 'COMPLETED', rangesDone: load!.rangesTotal, assessDone: 2 });
    const run = await new SegmentIndexStore(client, table.tableName).run(load!.recalibrationRunId!);
    expect(run?.result).toBeDefined();
    const config = await new SegmentConfigStore(client, table.tableName, DEFAULT_SEGMENT_PARAMETERS).current({ fresh: true });
    expect(config.calibratedAt).not.toBeNull();
    // Every customer with a positive trailing contribution counted: the recalibration saw the whole base.
    const positives = (await Promise.all(customerIds.map((c) => new SegmentStore(client, table.tableName).assignment(c)))).filter((a) => (a?.trailing12Minor ?? 0) > 0).length;
    expect(config.positiveContributors).toBe(positives);
    expect(config.positiveContributors).toBeGreaterThanOrEqual(3);
  });
});
