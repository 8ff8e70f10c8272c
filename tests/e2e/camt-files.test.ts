// camt files through the whole local stack: a statement and a notification land in the bucket's folder
// (one put through the local S3 endpoint as `npm run drop` does it, one copied in by hand), S3's
// notification wakes camt-files, the bookings go through the bus to ingestion, and staff read the
// timeline and balance through the API; the same booking reported by both messages counts once; an
// entry for an account not opened yet is parked and applied once the account arrives; a malformed file
// is rejected whole, its processing record saying why.
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { staffRead } from '../support/staff-read';
import type { FunctionLogLine } from '../../local/runtime/function-pool';
import { startLocalStack, type RunningLocalStack } from '../../local/runtime/local-stack';
import { dropFile } from '../../local/s3/drop-file';
import { camtDocument, type CamtEntry } from '../../local/simulator/camt-documents';
import { exampleDetails } from '../../shared/contracts/events/examples';
import { CamtIngestionStore, totalsOf } from '../../shared/iso20022/adapters/camt-ingestion-store';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
const work = mkdtempSync(join(tmpdir(), 'camt-e2e-'));
const failures: FunctionLogLine[] = [];
let stack: RunningLocalStack;
let events: EventBridgeClient;
let store: CamtIngestionStore;
let bucket: string;

beforeAll(async () => {
  stack = await startLocalStack({
    assemblyDir: '.local/cdk.out-camt',
    dynamoDbEndpoint: inject('dynamoDbEndpoint'),
    sqsEndpoint: inject('sqsEndpoint'),
    resourcePrefix: `c${randomUUID().slice(0, 8)}-`,
    bucketsDir: join(work, 'buckets'),
    bucketSettleMs: 400,
    apiPort: 0,
    // Two environments per function: on two shared cores four cold starts at once only slow each other.
    concurrency: 2,
    visibilityTimeoutSeconds: 3,
    logs: (line) => {
      if (/"level":"ERROR"/.test(line.text)) failures.push(line);
    },
  });
  events = new EventBridgeClient({ endpoint: stack.endpoints.eventbridge, region: stack.endpoints.region, credentials });
  const camtTable = stack.tables.find((t) => t.logicalId.startsWith('CamtIngestionTable'))!;
  store = new CamtIngestionStore(new DynamoDBClient({ endpoint: stack.endpoints.dynamodb, region: stack.endpoints.region, credentials }), camtTable.input.TableName!);
  bucket = stack.endpoints.s3Notifications![0]!.bucket;
}, 240_000);

afterAll(async () => {
  events?.destroy();
  await stack?.stop();
  rmSync(work, { recursive: true, force: true });
});

const idle = async () => {
  const report = await stack.waitForIdle({ timeoutMs: 100_000, settleMs: 1000 });
  expect(report.busy).toEqual([]);
  expect(failures.map((f) => `${f.functionName}: ${f.text.slice(0, 400)}`)).toEqual([]);
};

const api = (path: string) => staffRead(stack.api!.url, path);

/** The customer and their current account, as the core's own events announce them. */
async function openAccount(customerId: string, accountId: string) {
  const entry = (detailType: 'CustomerOnboarded' | 'AccountOpened', detail: Record<string, unknown>) => ({
    EventBusName: stack.endpoints.busName,
    Source: 'core.banking',
    DetailType: detailType,
    Detail: JSON.stringify({ ...exampleDetails[detailType], customerId, eventId: `evt-${randomUUID()}`, ...detail }),
  });
  const out = await events.send(
    new PutEventsCommand({ Entries: [entry('CustomerOnboarded', {}), entry('AccountOpened', { accountId, product: 'CURRENT_ACCOUNT', currency: 'CNY', openedOn: '2026-01-15', version: 1 })] }),
  );
  expect(out.FailedEntryCount).toBe(0);
}

const booking = (ref: string, amount: string, direction: 'CRDT' | 'DBIT', code = { domain: 'PMNT', family: 'CCRD', subFamily: 'POSD' }): CamtEntry => ({
  amount, currency: 'CNY', direction, bookingDate: '2026-11-30', valueDate: '2026-11-30', acctSvcrRef: ref, code,
  transactions: [{ counterparty: 'Lucky Noodle House', remittance: 'Dinner' }],
});
// The stage's account rule: a BBAN becomes the contract's accountId "ACC-<number>".
const account = (no: string) => ({ other: { id: no, scheme: 'BBAN' }, currency: 'CNY' });

/** Copied into the bucket folder as another program would: written under a dot name, renamed into place. */
function copyIntoFolder(key: string, content: string) {
  const path = join(stack.s3!.bucketsDir, bucket, key);
  const partial = join(path, '..', `.writing-${randomUUID()}`);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(partial, content);
  renameSync(partial, path);
}

/** The processing record of the file under `key` (its id names the object's version too). */
async function recordOf(key: string) {
  const { files } = await store.list(100);
  const found = files.find((f) => f.source.kind === 'S3' && f.source.key === key);
  expect(found, `a processing record for ${key}`).toBeDefined();
  return found!;
}

describe('camt files on the local stack', () => {
  it('become timeline entries and balances readable through the API, each booking once', async () => {
    const customerId = `C-CAMT${randomUUID().slice(0, 6).toUpperCase()}`;
    const no = String(Math.floor(Math.random() * 1e9));
    await openAccount(customerId, `ACC-${no}`);
    await idle();

    // Intraday: the card purchase alone, in a camt.054 dropped through the endpoint.
    const notification = join(work, 'camt054-1.xml');
    writeFileSync(notification, camtDocument('camt.054', 8, `N-${no}`, [{ id: 'N1', account: account(no), entries: [booking(`BK-${no}-1`, '88.50', 'DBIT')] }]));
    const dropped = await dropFile(stack.endpoints, { file: notification, key: `incoming/${no}/camt054-1.xml` });
    expect(dropped.notifiedQueues).toHaveLength(1);

    // End of day: the same purchase again, the salary, and the closing balance, copied into the folder.
    copyIntoFolder(
      `incoming/${no}/camt053-2026-11-30.xml`,
      camtDocument('camt.053', 8, `S-${no}`, [
        {
          id: 'S1',
          account: account(no),
          balances: [{ type: 'CLBD', amount: '12911.50', currency: 'CNY', direction: 'CRDT', date: '2026-11-30' }],
          entries: [booking(`BK-${no}-1`, '88.50', 'DBIT'), booking(`BK-${no}-2`, '13000.00', 'CRDT', { domain: 'PMNT', family: 'RCDT', subFamily: 'SALA' })],
        },
      ]),
    );
    await stack.s3!.scan();
    await new Promise((r) => setTimeout(r, 600));
    await idle();

    const view = await api(`/customers/${customerId}`);
    expect(view.holdings).toEqual([expect.objectContaining({ accountId: `ACC-${no}`, latestBalance: { minor: 1291150, currency: 'CNY', asOf: '2026-11-30' } })]);
    const timeline = await api(`/customers/${customerId}/timeline?limit=100`);
    const rows = timeline.entries.map((e: any) => [e.kind, e.direction, e.amount.minor, e.accountId]).sort();
    expect(rows).toEqual([
      ['CARD_PURCHASE', 'DEBIT', 8850, `ACC-${no}`],
      ['SALARY', 'CREDIT', 1300000, `ACC-${no}`],
    ]);

    const record = await recordOf(`incoming/${no}/camt053-2026-11-30.xml`);
    expect(record).toMatchObject({ status: 'DONE', message: { name: 'camt.053', version: 8 } });
    expect(totalsOf(record)).toMatchObject({ published: 3, parked: 0, rejected: 0 });
    // The first case carries the cold starts of every function on the path.
  }, 120_000);

  it('parks the entries of an account not opened yet, and applies them when it is', async () => {
    const customerId = `C-CAMT${randomUUID().slice(0, 6).toUpperCase()}`;
    const no = String(Math.floor(Math.random() * 1e9));
    const file = join(work, 'early.xml');
    writeFileSync(file, camtDocument('camt.054', 2, `E-${no}`, [{ id: 'E1', account: account(no), entries: [booking(`BK-${no}-9`, '20.00', 'DBIT')] }]));
    const key = `incoming/${no}/early.xml`;
    await dropFile(stack.endpoints, { file, key });
    await idle();
    expect(totalsOf(await recordOf(key))).toMatchObject({ published: 0, parked: 1 });

    await openAccount(customerId, `ACC-${no}`);
    await idle();
    const timeline = await api(`/customers/${customerId}/timeline?limit=100`);
    expect(timeline.entries.map((e: any) => [e.kind, e.amount.minor])).toEqual([['CARD_PURCHASE', 2000]]);
  });

  it('rejects a malformed file whole, with its reason in the processing record', async () => {
    const file = join(work, 'broken.xml');
    writeFileSync(file, '<?xml version="1.0"?><Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"><BkToCstmrStmt><Stmt>');
    const key = `incoming/broken-${randomUUID().slice(0, 8)}.xml`;
    await dropFile(stack.endpoints, { file, key });
    await idle();
    const record = await recordOf(key);
    expect(record).toMatchObject({ status: 'REJECTED', reason: expect.stringMatching(/^not well-formed XML: /) });
    expect(totalsOf(record)).toMatchObject({ published: 0 });
  });
});
