// The local runtime's S3 on a stack of its own (a SecureBucket whose object-created events go to an
// SSE-SQS queue, filtered on incoming/*.xml): the bucket is a folder, the queue first receives S3's
// test event, then exactly one documented message per file — dropped with `npm run drop`'s code or
// copied into the folder by hand, never half-written — and none for a key outside the filter.
import { DeleteMessageCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { App, Stack, Validations } from 'aws-cdk-lib';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { S3Event } from 'aws-lambda';
import { createHash, randomUUID } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeEndpointsFile } from '../../local/runtime/endpoints-file';
import { inject } from 'vitest';
import { SecureBucket } from '../../infra/constructs/secure-bucket';
import { stageConfig } from '../../infra/stage-config';
import { startLocalStack, type RunningLocalStack } from '../../local/runtime/local-stack';
import { dropFile } from '../../local/s3/drop-file';
import type { S3TestEvent } from '../../local/s3/notifications';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
const SETTLE_MS = 400;
const work = mkdtempSync(join(tmpdir(), 's3-notifications-'));
const progress: string[] = [];
let stack: RunningLocalStack;
let sqs: SQSClient;
let queueUrl: string;
let bucket: string;

beforeAll(async () => {
  const assemblyDir = join(work, 'cdk.out');
  // Path metadata, as the CDK CLI adds it: the runtime names resources by their construct paths.
  const app = new App({ outdir: assemblyDir, context: { 'aws:cdk:enable-path-metadata': true } });
  const cdkStack = new Stack(app, 'S3Local');
  const files = new SecureBucket(cdkStack, 'StatementFiles', { config: stageConfig('dev') });
  const dlq = new Queue(cdkStack, 'FilesDeadLetters', { encryption: QueueEncryption.SQS_MANAGED, enforceSSL: true });
  Validations.of(dlq).acknowledge({ id: 'AwsSolutions-SQS3', reason: 'The dead-letter queue of the test queue needs none of its own.' });
  const queue = new Queue(cdkStack, 'FilesArrived', { encryption: QueueEncryption.SQS_MANAGED, enforceSSL: true, deadLetterQueue: { queue: dlq, maxReceiveCount: 3 } });
  files.notifyObjectCreated(queue, { prefix: 'incoming/', suffix: '.xml' });
  app.synth();

  stack = await startLocalStack({
    synth: false,
    assemblyDir,
    dynamoDbEndpoint: inject('dynamoDbEndpoint'),
    sqsEndpoint: inject('sqsEndpoint'),
    resourcePrefix: `t${randomUUID().slice(0, 8)}-`,
    bucketsDir: join(work, 'buckets'),
    bucketSettleMs: SETTLE_MS,
    apiPort: 0,
    onProgress: (m) => progress.push(m),
  });
  sqs = new SQSClient({ endpoint: stack.endpoints.sqs, region: stack.endpoints.region, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  queueUrl = stack.queue('FilesArrived').url;
  bucket = stack.endpoints.buckets!['StatementFiles/Bucket']!;
}, 120_000);

afterAll(async () => {
  sqs?.destroy();
  await stack?.stop();
  rmSync(work, { recursive: true, force: true });
});

/** Every message on the queue now (received and deleted), after waiting up to `waitSeconds` for the first. */
async function drain(waitSeconds = 1): Promise<unknown[]> {
  const bodies: unknown[] = [];
  for (;;) {
    const out = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: bodies.length ? 0 : waitSeconds }));
    if (!out.Messages?.length) return bodies;
    for (const m of out.Messages) {
      bodies.push(JSON.parse(m.Body!));
      await sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: m.ReceiptHandle! }));
    }
  }
}

/** Let the folder watcher look twice, a settle time apart: long enough to announce a settled file. */
async function settle() {
  await stack.s3!.scan();
  await new Promise((r) => setTimeout(r, SETTLE_MS + 100));
  await stack.s3!.scan();
}

const md5 = (text: string) => createHash('md5').update(text).digest('hex');
const folder = () => join(stack.s3!.bucketsDir, bucket);

describe('starting the stack', () => {
  it('makes each bucket a folder and names the endpoint and buckets in the endpoints', () => {
    expect(stack.endpoints.s3).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(Object.keys(stack.endpoints.buckets!).sort()).toEqual(['AccessLogs', 'StatementFiles/Bucket']);
    expect(bucket).toMatch(/^[a-z0-9-]{3,63}$/);
    expect(existsSync(folder())).toBe(true);
    expect(stack.endpoints.s3Notifications).toEqual([{ bucket, queue: 'FilesArrived', events: ['s3:ObjectCreated:*'], prefix: 'incoming/', suffix: '.xml' }]);
    // CDK's queue policy lets the bucket send: S3's destination check passes.
    expect(progress.filter((m) => m.includes('could not validate'))).toEqual([]);
  });

  it("does not run CDK's notifications handler, and says why", () => {
    expect(stack.functions.map((f) => f.definition.logicalId).filter((id) => id.startsWith('BucketNotificationsHandler'))).toEqual([]);
    expect(progress.some((m) => /^Function BucketNotificationsHandler\w+ is not run locally: .*notification configuration/.test(m))).toBe(true);
  });

  it('sends the queue one s3:TestEvent, as S3 does when notifications are configured', async () => {
    const messages = (await drain()) as S3TestEvent[];
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({ Service: 'Amazon S3', Event: 's3:TestEvent', Bucket: bucket });
  });
});

describe('a file put with npm run drop', () => {
  it('is announced by exactly one documented message, and not again by the folder watcher', async () => {
    const file = join(work, 'camt053-2026-12-01 eod.xml');
    const content = '<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"/>';
    writeFileSync(file, content);
    const dropped = await dropFile(stack.endpoints, { file });
    expect(dropped).toMatchObject({ bucket, key: 'incoming/camt053-2026-12-01 eod.xml', size: content.length, notifiedQueues: ['FilesArrived'] });
    expect(readFileSync(join(folder(), 'incoming', 'camt053-2026-12-01 eod.xml'), 'utf8')).toBe(content);

    const messages = (await drain()) as S3Event[];
    expect(messages).toHaveLength(1);
    const [record] = messages[0]!.Records;
    expect(messages[0]!.Records).toHaveLength(1);
    expect(record).toEqual({
      eventVersion: '2.1',
      eventSource: 'aws:s3',
      awsRegion: stack.endpoints.region,
      eventTime: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      eventName: 'ObjectCreated:Put',
      userIdentity: { principalId: 'AWS:local' },
      requestParameters: { sourceIPAddress: '127.0.0.1' },
      responseElements: { 'x-amz-request-id': expect.stringMatching(/^[0-9A-F]{16}$/), 'x-amz-id-2': expect.any(String) },
      s3: {
        s3SchemaVersion: '1.0',
        configurationId: stack.s3!.notifier.configurations[0]!.id,
        bucket: { name: bucket, ownerIdentity: { principalId: expect.stringMatching(/^A[0-9A-Z]{13}$/) }, arn: `arn:aws:s3:::${bucket}` },
        object: { key: 'incoming/camt053-2026-12-01+eod.xml', size: content.length, eTag: md5(content), versionId: dropped.versionId, sequencer: expect.stringMatching(/^[0-9A-F]{18}$/) },
      },
    });

    await settle();
    expect(await drain()).toEqual([]);
  });

  it('is not announced when its key is outside the filter', async () => {
    const file = join(work, 'statement.csv');
    writeFileSync(file, 'a,b\n');
    const dropped = await dropFile(stack.endpoints, { file, bucket: 'StatementFiles', key: 'incoming/statement.csv' });
    expect(dropped.notifiedQueues).toEqual([]);
    await dropFile(stack.endpoints, { file, bucket, key: 'archive/statement.xml' });
    await settle();
    expect(await drain()).toEqual([]);
  });
});

describe('npm run drop', () => {
  it('puts the file through the endpoint named in the endpoints file and says where it went', async () => {
    const endpointsFile = writeEndpointsFile(stack.endpoints, join(work, 'endpoints.json'));
    const file = join(work, 'camt054-intraday.xml');
    writeFileSync(file, '<Document/>');
    const run = promisify(execFile);
    const { stdout } = await run(join('node_modules', '.bin', 'tsx'), ['scripts/drop.ts', file, '--endpoints', endpointsFile], { cwd: process.cwd() });
    expect(stdout).toContain(`as s3://${bucket}/incoming/camt054-intraday.xml (11 bytes, ETag "${md5('<Document/>')}"`);
    expect(stdout).toContain('Announced to FilesArrived');
    expect(((await drain()) as S3Event[]).map((m) => m.Records[0]!.s3.object.key)).toEqual(['incoming/camt054-intraday.xml']);
  });

  it('fails with a clear message, and a non-zero exit, for a bucket the stack does not have', async () => {
    const endpointsFile = writeEndpointsFile(stack.endpoints, join(work, 'endpoints.json'));
    const file = join(work, 'x.xml');
    writeFileSync(file, 'x');
    const failure = await promisify(execFile)(join('node_modules', '.bin', 'tsx'), ['scripts/drop.ts', file, '--bucket', 'nope', '--endpoints', endpointsFile]).catch((e) => e);
    expect(failure.code).toBe(1);
    expect(failure.stderr).toContain("No bucket matches 'nope'");
    expect(await drain(0)).toEqual([]);
  });
});

describe('a file copied into the bucket folder', () => {
  it('is announced once, when it has settled', async () => {
    mkdirSync(join(folder(), 'incoming'), { recursive: true });
    writeFileSync(join(folder(), 'incoming', 'by-hand.xml'), '<Document/>');
    await settle();
    const messages = (await drain()) as S3Event[];
    expect(messages.map((m) => [m.Records[0]!.eventName, m.Records[0]!.s3.object.key, m.Records[0]!.s3.object.size, m.Records[0]!.s3.object.eTag])).toEqual([
      ['ObjectCreated:Put', 'incoming/by-hand.xml', 11, md5('<Document/>')],
    ]);
    await settle();
    expect(await drain()).toEqual([]);
  });

  it('is not announced half-written: only once it stops growing, with its whole size', async () => {
    const path = join(folder(), 'incoming', 'slow.xml');
    writeFileSync(path, '<Document>');
    await stack.s3!.scan();
    await new Promise((r) => setTimeout(r, SETTLE_MS / 2));
    appendFileSync(path, '<Stmt/>');
    await stack.s3!.scan();
    await new Promise((r) => setTimeout(r, SETTLE_MS / 2));
    appendFileSync(path, '</Document>');
    await stack.s3!.scan();
    expect(await drain(0)).toEqual([]);
    await settle();
    const messages = (await drain()) as S3Event[];
    expect(messages.map((m) => m.Records[0]!.s3.object.size)).toEqual(['<Document><Stmt/></Document>'.length]);
  });

  it('is announced whole when renamed into place from a dot-name, which itself is never announced', async () => {
    const temp = join(folder(), 'incoming', '.renamed.xml.part');
    writeFileSync(temp, '<Document/>');
    await settle();
    expect(await drain(0)).toEqual([]);
    renameSync(temp, join(folder(), 'incoming', 'renamed.xml'));
    await settle();
    expect(((await drain()) as S3Event[]).map((m) => m.Records[0]!.s3.object.key)).toEqual(['incoming/renamed.xml']);
  });
});
