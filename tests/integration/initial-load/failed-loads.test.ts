// What makes a load FAILED, against DynamoDB Local and the load bucket behind the local S3 endpoint:
// too many rejected lines, an export gone or not gzip when a worker reads it, a range failing on its
// last delivery. Each shows in the progress with a reason naming the file, range or limit (never a
// value), lowers the load-in-progress flag, and a failed load resumes once its cause is fixed.
import { S3Client } from '@aws-sdk/client-s3';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { FolderBuckets } from '../../../local/s3/folder-buckets';
import { startS3Server, type RunningS3Server } from '../../../local/s3/server';
import { generateCoreBankingStream } from '../../../local/simulator/core-banking-stream';
import { CustomerRecordsWriter } from '../../../shared/adapters/customer-records-writer';
import { LoadView } from '../../../shared/contracts/api/loads';
import { S3ExportFiles } from '../../../shared/initial-load/adapters/export-files';
import { loadProgress } from '../../../shared/initial-load/domain/load-progress';
import { handleLoadWork } from '../../../shared/initial-load/use-cases/handle-load-work';
import { createCustomerTable, dynamoDb } from '../../support/local-aws';
import { exportLine, loadHarness } from './load-harness';

vi.setConfig({ testTimeout: 180_000, hookTimeout: 120_000 });
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
const stream = [...generateCoreBankingStream({ customers: 6, days: 10, seed: 'failed-loads' })].filter((e) => e.detailType !== 'CustomerOnboarded');
const lines = stream.slice(0, 200).map(exportLine);

let bucketsRoot: string;
let server: RunningS3Server;
let s3: S3Client;
beforeAll(async () => {
  bucketsRoot = await mkdtemp(join(tmpdir(), 'failed-loads-'));
  server = await startS3Server({ store: new FolderBuckets(bucketsRoot, [{ name: 'loads', versioned: false, encryption: 'AES256' }]), region: 'us-east-1' });
  s3 = new S3Client({ region: 'us-east-1', endpoint: server.url, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
});
afterAll(async () => {
  s3?.destroy();
  await server?.stop();
});

/** A folder of the bucket holding `files` and a manifest naming them (with `manifest`'s extra fields). */
async function exportOf(files: Record<string, string | Buffer>, manifest: Record<string, unknown> = {}) {
  const prefix = `f-${Math.random().toString(36).slice(2, 10)}`;
  const root = join(bucketsRoot, 'loads', prefix);
  await mkdir(root, { recursive: true });
  for (const [name, body] of Object.entries(files)) await writeFile(join(root, name), body);
  await writeFile(join(root, 'manifest.json'), JSON.stringify({ files: Object.keys(files).map((key) => ({ key })), ...manifest }));
  return { root, manifestKey: `${prefix}/manifest.json`, files: new S3ExportFiles(s3, 'loads') };
}

async function progressOf(load: ReturnType<typeof loadHarness>, loadId: string) {
  const view = loadProgress((await load.store.load(loadId))!, await load.store.ranges(loadId), new Date());
  expect(LoadView.safeParse(view).success).toBe(true); // what GET /admin/loads/{id} answers
  return view;
}

describe('a load fails', () => {
  it('when more lines are rejected than its limit: the other ranges stop, the report lists what was rejected', async () => {
    const bad = lines.map((l, i) => (i % 20 === 5 ? `${l.slice(0, -2)},"occurredAt":"SECRET-1"}}` : l));
    const { files, manifestKey } = await exportOf({ 'a.jsonl': bad.join('\n') + '\n', 'b.jsonl': bad.join('\n') + '\n' }, { maxRejectedLines: 4 });
    const load = loadHarness(await createCustomerTable(), files, { rangeBytes: 8 * 1024, windowLines: 10 });
    await load.start(manifestKey, 'too-many');
    await load.drain({ workers: 2 });

    const view = await progressOf(load, 'too-many');
    expect(view.state).toBe('FAILED');
    expect(view.failure?.reason).toMatch(/too many rejected lines: \d+ over the load's limit of 4 \(maxRejectedLines\)/);
    expect(view.failure?.reason).not.toContain('SECRET');
    // It stopped early: not every range was read, and the stream re-evaluation is no longer held off.
    expect(view.ranges.done).toBeLessThan(view.ranges.total);
    expect(await load.store.activeLoads()).toEqual([]);
    const report = (await files.text(view.rejectedLinesReport!))!.trim().split('\n').map((l) => JSON.parse(l));
    expect(report.length).toBeGreaterThan(4);
    expect(report.every((r) => r.reason.includes('Detail.occurredAt'))).toBe(true);
    // A failed load's remaining messages do nothing; it is not assessed.
    await load.drain();
    expect((await load.store.load('too-many'))!.state).toBe('FAILED');
  });

  it('when an export is gone by the time a worker reads it, and resumes once it is back', async () => {
    const { root, files, manifestKey } = await exportOf({ 'events.jsonl': lines.join('\n') + '\n' });
    const load = loadHarness(await createCustomerTable(), files, { rangeBytes: 4 * 1024 });
    await load.start(manifestKey, 'gone');
    await rm(join(root, 'events.jsonl'));
    await load.drain();

    const view = await progressOf(load, 'gone');
    expect(view).toMatchObject({ state: 'FAILED', failure: { reason: expect.stringMatching(/^files\.0\.key: no such object in the load bucket any more \(range \d+, after line 0\)$/) } });
    expect(await load.store.activeLoads()).toEqual([]);

    await writeFile(join(root, 'events.jsonl'), lines.join('\n') + '\n');
    expect(await load.start(manifestKey, 'gone')).toMatchObject({ kind: 'resumed' });
    expect(await load.store.activeLoads()).toEqual(['gone']);
    await load.drain();
    const resumed = await progressOf(load, 'gone');
    expect(resumed).toMatchObject({ state: 'ASSESSING', failure: null, lines: { done: lines.length, rejected: 0 } });
  });

  it('when a .gz export is not gzip', async () => {
    const { files, manifestKey } = await exportOf({ 'events.jsonl.gz': lines.join('\n') });
    const load = loadHarness(await createCustomerTable(), files);
    await load.start(manifestKey, 'not-gzip');
    await load.drain();
    expect((await progressOf(load, 'not-gzip')).failure?.reason).toMatch(/^files\.0: not a whole gzip stream \(Z_DATA_ERROR\)/);
  });

  it('when a range fails on its last delivery (and not before): the reason names the range and the kind of error', async () => {
    const { files, manifestKey } = await exportOf({ 'events.jsonl': lines.join('\n') + '\n' });
    const table = await createCustomerTable();
    const load = loadHarness(table, files);
    await load.start(manifestKey, 'last-delivery');
    const body = JSON.stringify(load.queue.take('RANGE'));
    // A writer whose table is not there: DynamoDB refuses every write, as it would a table deleted mid-load.
    const deps = {
      range: { ...load.rangeDeps(() => 600_000), writer: new CustomerRecordsWriter(dynamoDb(), 'no-such-table') },
      assess: {} as never,
      maxReceiveCount: 5,
    };
    await expect(handleLoadWork(deps, body, () => 600_000, { receiveCount: 4 })).rejects.toThrow();
    expect((await load.store.load('last-delivery'))!.state).toBe('LOADING');
    await expect(handleLoadWork(deps, body, () => 600_000, { receiveCount: 5 })).rejects.toThrow();
    const view = await progressOf(load, 'last-delivery');
    expect(view).toMatchObject({ state: 'FAILED', failure: { reason: 'range 0: failed on each of 5 deliveries (ResourceNotFoundException); its message is in the dead-letter queue' } });
    expect(await load.store.activeLoads()).toEqual([]);
  });
});
