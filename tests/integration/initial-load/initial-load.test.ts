// The initial load against DynamoDB Local: export files read range by range by parallel workers that
// stop and continue across invocations, while live events write the same table.
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { FolderBuckets } from '../../../local/s3/folder-buckets';
import { startS3Server, type RunningS3Server } from '../../../local/s3/server';
import { generateCoreBankingStream } from '../../../local/simulator/core-banking-stream';
import { writeExportFiles } from '../../../local/simulator/export-files';
import type { CoreBankingEvent } from '../../../shared/contracts/events';
import { S3ExportFiles } from '../../../shared/initial-load/adapters/export-files';
import { createCustomerTable, tableContents } from '../../support/local-aws';
import { applyInOrder, exportLine, loadHarness } from './load-harness';

const stream = [...generateCoreBankingStream({ customers: 12, days: 25, seed: 'initial-load' })];
vi.setConfig({ testTimeout: 240_000, hookTimeout: 240_000 });
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

// The load bucket: a folder behind the local S3 endpoint, read by the real S3Client as a worker reads it.
let bucketsRoot: string;
let server: RunningS3Server;
let s3: S3Client;
beforeAll(async () => {
  bucketsRoot = await mkdtemp(join(tmpdir(), 'load-buckets-'));
  server = await startS3Server({ store: new FolderBuckets(bucketsRoot, [{ name: 'loads', versioned: true, encryption: 'AES256' }]), region: 'us-east-1' });
  s3 = new S3Client({ region: 'us-east-1', endpoint: server.url, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
});
afterAll(async () => {
  s3?.destroy();
  await server?.stop();
});
/** A fresh folder of the load bucket, and the bucket as the worker sees it. */
async function bucketFolder() {
  const prefix = `t-${Math.random().toString(36).slice(2, 10)}`;
  return { root: join(bucketsRoot, 'loads', prefix), prefix, files: new S3ExportFiles(s3, 'loads') };
}
const customerIds = [...new Set(stream.map((e) => e.detail.customerId))];

/** A profile update the live stream carries for the first customer, newer than the export's. */
function newerProfile(): CoreBankingEvent {
  const onboarded = stream.find((e) => e.detailType === 'CustomerOnboarded')!;
  if (onboarded.detailType !== 'CustomerOnboarded') throw new Error('unreachable');
  return {
    detailType: 'CustomerProfileUpdated',
    detail: { ...onboarded.detail, eventId: 'live-profile-7', occurredAt: '2026-11-20T10:00:00Z', profile: { ...onboarded.detail.profile, version: 7, incomeBand: 'VERY_HIGH' } },
  };
}

async function exportFolder(events: CoreBankingEvent[], options: { gzip?: boolean; eventFiles?: number } = {}) {
  const { root, prefix, files } = await bucketFolder();
  await writeExportFiles(events, { folder: join(root, 'base'), ...options });
  return { files, manifestKey: `${prefix}/base/manifest.json` };
}

describe('an initial load alongside live events', () => {
  // The export holds two thirds of the history; the live stream the rest, a fifth that the export also
  // holds (duplicates), and a profile version newer than the export's.
  const exported = stream.filter((_, i) => i % 3 !== 0);
  const live = [...stream.filter((_, i) => i % 3 === 0 || i % 5 === 0), newerProfile()];
  let expected: Record<string, unknown>[];

  beforeAll(async () => {
    const reference = await createCustomerTable();
    await applyInOrder(reference, [...stream, newerProfile()]);
    expected = await tableContents(reference, customerIds);
  });

  it('ends identical to applying every event once in order, live events before, during and after', async () => {
    const table = await createCustomerTable();
    const { files, manifestKey } = await exportFolder(exported, { eventFiles: 2 });
    const load = loadHarness(table, files);
    const third = Math.ceil(live.length / 3);
    const [before, during, after] = [live.slice(0, third), live.slice(third, 2 * third), live.slice(2 * third)];

    await applyInOrder(table, before);
    const started = await load.start(manifestKey, 'with-live');
    expect(started).toMatchObject({ kind: 'started' });
    expect((started as { queued: number }).queued).toBeGreaterThan(4); // the files were cut into ranges

    let next = 0;
    const invocations = await load.drain({
      workers: 4,
      windowsPerInvocation: 2,
      between: () => applyInOrder(table, during.slice(next, (next += 25))),
    });
    await applyInOrder(table, during.slice(next));
    await applyInOrder(table, after);

    expect(invocations).toBeGreaterThan(started.kind === 'started' ? started.queued : 0); // ranges continued across invocations
    const stored = await load.store.load('with-live');
    expect(stored).toMatchObject({ state: 'ASSESSING', rangesDone: stored!.rangesTotal });
    expect(await tableContents(table, customerIds)).toEqual(expected);
    // The older profile of the export never overwrote the live version 7.
    const profile = (await tableContents(table, [customerIds[0]!])).find((i) => i.SK === 'PROFILE');
    expect(profile).toMatchObject({ version: 7, incomeBand: 'VERY_HIGH' });
    // Every line was read exactly once, whatever the ranges and continuations.
    const lines = (await load.store.ranges('with-live')).reduce((n, r) => n + r.lines, 0);
    expect(lines).toBe(exported.length + 1); // the events, plus the CSV header record
    expect(await load.store.activeLoads()).toEqual([]);
  });

  it('a second run of the same export changes nothing', async () => {
    const table = await createCustomerTable();
    const { files, manifestKey } = await exportFolder(stream);
    const load = loadHarness(table, files);
    await load.start(manifestKey, 'first');
    await load.drain();
    await applyInOrder(table, [newerProfile()]);
    const once = await tableContents(table, customerIds);
    expect(once).toEqual(expected);

    await load.start(manifestKey, 'second');
    await load.drain({ workers: 2 });
    expect(await tableContents(table, customerIds)).toEqual(once);
    expect(await load.store.load('second')).toMatchObject({ state: 'ASSESSING' });
  });

  it('a load stopped half-way resumes from its checkpoints and ends as a whole load does (gzip)', async () => {
    const table = await createCustomerTable();
    const { files, manifestKey } = await exportFolder(stream, { gzip: true, eventFiles: 3 });
    const load = loadHarness(table, files, { windowLines: 40 });
    await load.start(manifestKey, 'stopped');

    // Two invocations of one window each, then every worker is gone and the queue with them.
    for (let i = 0; i < 2; i++) {
      const m = load.queue.take('RANGE')!;
      let windows = 0;
      const { loadRange } = await import('../../../shared/initial-load/use-cases/load-range');
      await loadRange(load.rangeDeps(() => (++windows >= 1 ? 0 : 60_000)), m as never);
    }
    load.queue.messages.length = 0;
    const halfway = await load.store.ranges('stopped');
    expect(halfway.some((r) => r.lines > 0 && !r.done)).toBe(true);

    const resumed = await load.start(manifestKey, 'stopped');
    expect(resumed).toMatchObject({ kind: 'resumed' });
    await load.drain();
    await applyInOrder(table, [newerProfile()]);
    expect(await tableContents(table, customerIds)).toEqual(expected);
    const lines = (await load.store.ranges('stopped')).reduce((n, r) => n + r.lines, 0);
    expect(lines).toBe(stream.length + 1);
    expect(await load.start(manifestKey, 'stopped')).toMatchObject({ kind: 'resumed' }); // assessing: resumable still
  });
});

describe('bad lines', () => {
  it('are rejected with file, line number and a reason naming the field, and the load completes', async () => {
    const { root, prefix, files } = await bucketFolder();
    await mkdir(root, { recursive: true });
    const good = stream.filter((e) => e.detailType !== 'CustomerOnboarded').slice(0, 300);
    const lines = good.map(exportLine);
    const posting = good.findIndex((e, i) => i >= 10 && e.detailType === 'TransactionPosted');
    expect(posting).toBeLessThan(99);
    const withSecret = JSON.parse(lines[posting]!);
    withSecret.Detail.amount = { minor: 'SECRET-VALUE-1', currency: 'CNY' };
    lines[posting] = JSON.stringify(withSecret);
    lines[99] = '{"DetailType": "TransactionPosted", "Detail": '; // line 100: cut short
    lines[150] = JSON.stringify({ DetailType: 'NoSuchEvent', Detail: {} }); // line 151
    lines.splice(200, 0, ''); // line 201: blank, skipped, still counted
    await writeFile(join(root, 'events.jsonl'), lines.join('\n') + '\n');
    await writeFile(
      join(root, 'master.csv'),
      [
        'CUST_NO,full_name,home_branch_id,income_band,customer_since,email',
        'C-1,"Wang, Fang",BR-SH-001,HIGH,2020-01-02,wang@example.com',
        'C-2,"Li ""Junior"" Wei",BR-SH-001,MIDDLE,2021-05-06,not-an-email-SECRET-2',
        'C-3,"Zhao\nMing",BR-SH-001,LOW,2022-07-08,',
        'C-4,Sun Li,BR-SH-001,ENORMOUS,2022-07-08,',
      ].join('\r\n') + '\r\n',
    );
    await writeFile(join(root, 'manifest.json'), JSON.stringify({ files: [{ key: 'events.jsonl' }, { key: 'master.csv', columns: { customerId: 'CUST_NO' } }] }));

    const table = await createCustomerTable();
    const load = loadHarness(table, files, { rangeBytes: 8192 });
    await load.start(`${prefix}/manifest.json`, 'bad-lines');
    await load.drain();

    const stored = await load.store.load('bad-lines');
    expect(stored).toMatchObject({ state: 'ASSESSING', reportKey: 'reports/bad-lines/rejected-lines.jsonl' });
    const report = (await files.text(stored!.reportKey!))!.trim().split('\n').map((l) => JSON.parse(l));
    expect(report.map((r) => [r.file, r.line])).toEqual([
      [`${prefix}/events.jsonl`, posting + 1],
      [`${prefix}/events.jsonl`, 100],
      [`${prefix}/events.jsonl`, 151],
      [`${prefix}/master.csv`, 3],
      [`${prefix}/master.csv`, 6],
    ]);
    expect(report[0].reason).toContain('Detail.amount.minor');
    expect(report[1].reason).toBe('line is not JSON');
    expect(report[2].reason).toContain("unknown detail-type 'NoSuchEvent'");
    expect(report[3].reason).toContain('email');
    expect(report[4].reason).toContain('income_band');
    const text = JSON.stringify(report);
    expect(text).not.toContain('SECRET');
    const ranges = await load.store.ranges('bad-lines');
    expect(ranges.length).toBeGreaterThan(3);
    expect(ranges.reduce((n, r) => n + r.rejected, 0)).toBe(5);

    // The good lines are in; the CSV's quoted comma, quote and newline came through.
    const rows = await tableContents(table, ['C-1', 'C-3', 'C-2']);
    expect(rows.map((r) => r.fullName)).toEqual(['Wang, Fang', 'Zhao\nMing']);
    const txCustomers = [...new Set(good.map((e) => e.detail.customerId))];
    const loadedTimeline = (await tableContents(table, txCustomers)).filter((i) => String(i.SK).startsWith('TL#'));
    const expectedTimeline = good.filter((e, i) => (e.detailType === 'TransactionPosted' || e.detailType === 'ChannelInteraction') && ![posting, 99, 150].includes(i));
    expect(loadedTimeline).toHaveLength(expectedTimeline.length);
  });
});
