// The camt staff routes over HTTP, through the template's routes and the real camt-api handler, against
// DynamoDB Local and the local SQS: processing records newest first and page by page, one file's record,
// its rejections (position and reason, no values), and a redrive that goes through the file queue to the
// consumer's use case, after which the rejection is gone and the entry applied.
import { ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { camtDocument, type CamtEntry } from '../../../local/simulator/camt-documents';
import { createLayoutTable } from '../../../local/services/layout-tables';
import { CAMT_INGESTION_TABLE } from '../../../shared/adapters/table-layouts';
import { CamtIngestionStore } from '../../../shared/iso20022/adapters/camt-ingestion-store';
import { CamtSettings } from '../../../shared/iso20022/domain/camt-settings';
import { fileIdOf, parseQueueMessage, type FileWork } from '../../../shared/iso20022/use-cases/camt-work';
import { ingestCamtFile, type CamtFileDeps } from '../../../shared/iso20022/use-cases/ingest-camt-file';
import { ingestCamtMessage, messageFileId } from '../../../shared/iso20022/use-cases/ingest-camt-message';
import { redriveCamt } from '../../../shared/iso20022/use-cases/redrive-camt-file';
import { synthCrmStack } from '../../infra/support/crm-template';
import { functionLogicalId, startTestGateway, useFunctionEnvironment } from '../../support/api-harness';
import { forgedCursors } from '../../support/forged-cursors';
import { createQueue, dynamoDb, sqs, useLocalAwsEnvironment } from '../../support/local-aws';
import { startHarness, type Harness } from '../accounts/accounts-harness';
import { settings as testSettings } from '../../unit/iso20022/support';

let api: Awaited<ReturnType<typeof startTestGateway>>;
let h: Harness;
let store: CamtIngestionStore;
let queueUrl: string;
const files = new Map<string, string>();
let clock = Date.parse('2026-12-01T08:00:00Z');

const admin = () => api.token({ groups: ['admin'] });
const analyst = () => api.token({ groups: ['analyst'] });

function deps(settings = testSettings): CamtFileDeps {
  return {
    store,
    settings,
    objects: { read: async (_b, key) => [new TextEncoder().encode(files.get(key)!)] },
    resolve: (events) => h.connectorSends(events),
    publish: async () => undefined,
    continueLater: async () => undefined,
    // Each file is received a minute after the one before: the listing's order is known.
    now: () => new Date((clock += 60_000)),
    remainingMs: () => 900_000,
  };
}

const work = (key: string): FileWork => ({ kind: 'CAMT_FILE', fileId: fileIdOf('camt-bucket', key), bucket: 'camt-bucket', key, part: 0, resumeAfter: 0 });
const entry = (i: number, over: Partial<CamtEntry> = {}): CamtEntry => ({
  amount: `${i}.00`, currency: 'CNY', direction: 'DBIT', bookingDate: '2026-11-30', acctSvcrRef: `API-${i}`, code: { domain: 'PMNT', family: 'CCRD', subFamily: 'POSD' }, ...over,
});
const teaShop = (i: number) => entry(i, { code: undefined, proprietaryCode: { code: 'TEA-SHOP' }, transactions: [{ counterparty: 'Wang Xiaoming' }] });
const statement = (name: 'camt.053' | 'camt.054', accountNo: string, entries: CamtEntry[]) =>
  camtDocument(name, 8, 'M', [{ id: 'S', account: { other: { id: accountNo, scheme: 'BBAN' } }, entries }]);
const fixedSettings = CamtSettings.parse({ ...testSettings, proprietaryCodes: [...testSettings.proprietaryCodes, { code: 'TEA-SHOP', kind: 'CARD_PURCHASE', channel: 'POS' }] });

async function receiveRedrives() {
  const out = await sqs().send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }));
  return (out.Messages ?? []).map((m) => parseQueueMessage(m.Body!));
}

const ids = {
  codes: fileIdOf('camt-bucket', 'incoming/codes.xml'),
  many: fileIdOf('camt-bucket', 'incoming/many.xml'),
  bad: fileIdOf('camt-bucket', 'incoming/bad.xml'),
  clean: fileIdOf('camt-bucket', 'incoming/clean.xml'),
  message: messageFileId('7b0e2c1e-6f1e-4c55-9d7e-000000000001'),
};

beforeAll(async () => {
  useLocalAwsEnvironment();
  h = await startHarness();
  const tableName = (await createLayoutTable(dynamoDb(), CAMT_INGESTION_TABLE, 'camt-api')).tableName;
  store = new CamtIngestionStore(dynamoDb(), tableName);
  queueUrl = await createQueue();

  await h.openAccount('ACC-7001', 'CUST-71');
  await h.drain();
  files.set('incoming/codes.xml', statement('camt.053', '7001', [entry(1), teaShop(2)]));
  files.set('incoming/many.xml', statement('camt.053', '7001', [entry(3), teaShop(4), teaShop(5), teaShop(6)]));
  files.set('incoming/bad.xml', statement('camt.053', '7001', [entry(7)]).replace('</Ntry>', '</Ntri>'));
  files.set('incoming/clean.xml', statement('camt.053', '7001', [entry(8)]));
  for (const key of ['codes', 'many', 'bad', 'clean']) await ingestCamtFile(deps(), work(`incoming/${key}.xml`));
  await ingestCamtMessage(deps(), statement('camt.054', '7001', [teaShop(9)]), '7b0e2c1e-6f1e-4c55-9d7e-000000000001');
  await h.drain();

  const { template } = synthCrmStack('dev');
  const resources = template.toJSON().Resources;
  const apiId = functionLogicalId(resources, 'camt-api');
  useFunctionEnvironment(resources, apiId, { CAMT_TABLE_NAME: tableName, WORK_QUEUE_URL: queueUrl });
  const { handler } = await import('../../../functions/camt-api/handler');
  api = await startTestGateway({ resources, stage: 'dev', handlers: { [apiId]: { name: 'camt-api', handler } }, routes: (r) => r.resourcePath.startsWith('/admin/camt-files') });
});
afterAll(async () => {
  await api?.stop();
  await h?.stop();
});

describe('GET /admin/camt-files', () => {
  it('lists processing records newest first, page by page, with their counts', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await api.call(`/admin/camt-files?limit=2${cursor ? `&cursor=${cursor}` : ''}`, { token: analyst() });
      expect(res.status, res.text).toBe(200);
      expect(res.json.files.length).toBeLessThanOrEqual(2);
      seen.push(...res.json.files.map((f: { fileId: string }) => f.fileId));
      cursor = res.json.nextCursor;
    } while (cursor);
    expect(seen).toEqual([ids.message, ids.clean, ids.bad, ids.many, ids.codes]);
  });

  it('shows a file by its source and a single message by its id, never its content', async () => {
    const res = await api.call('/admin/camt-files?limit=100', { token: admin() });
    const [message, clean, bad, many] = res.json.files;
    expect(message).toMatchObject({ source: { kind: 'MESSAGE', messageId: '7b0e2c1e-6f1e-4c55-9d7e-000000000001' }, status: 'DONE', counts: { items: 1, rejected: 1 } });
    expect(Object.keys(message.source).sort()).toEqual(['kind', 'messageId']);
    expect(clean).toMatchObject({ source: { kind: 'S3', bucket: 'camt-bucket', key: 'incoming/clean.xml', versionId: null }, status: 'DONE', run: 1, message: { name: 'camt.053', version: 8 }, reason: null });
    expect(bad).toMatchObject({ status: 'REJECTED', reason: expect.stringMatching(/^not well-formed XML: /) });
    expect(many.counts).toEqual({ items: 4, published: 1, parked: 0, rejected: 3, skipped: 0 });
    // Names, remittance text and amounts stay out of the records.
    expect(res.text).not.toMatch(/Wang|Xiaoming|CNY|4\.00|<Ntry>/);
  });

  it.each(['limit=0', 'limit=101', 'limit=some', 'colour=red', 'cursor=not-a-cursor'])('refuses %s with a 400 naming the field', async (q) => {
    const res = await api.call(`/admin/camt-files?${q}`, { token: admin() });
    expect(res.status).toBe(400);
    expect(res.text).toContain(q.split('=')[0]);
  });

  it('refuses a rejections cursor, and any forgery of a real cursor, with a 400, never a 5xx', async () => {
    const first = await api.call('/admin/camt-files?limit=1', { token: admin() });
    const rejections = await api.call(`/admin/camt-files/${ids.many}/rejections?limit=1`, { token: admin() });
    expect((await api.call(`/admin/camt-files?cursor=${rejections.json.nextCursor}`, { token: admin() })).status).toBe(400);
    await fc.assert(
      fc.asyncProperty(forgedCursors(first.json.nextCursor, [rejections.json.nextCursor]), async (forged) => {
        const res = await api.call(`/admin/camt-files?cursor=${encodeURIComponent(forged)}`, { token: admin() });
        expect([200, 400], `${forged} → ${res.text}`).toContain(res.status);
      }),
      { numRuns: 40 },
    );
  });

  it.each(['relationship-manager', 'complaint-handler', 'customer', 'compliance'] as const)('is not for %s: 403', async (role) => {
    expect((await api.call('/admin/camt-files', { token: api.token({ groups: [role], customerId: 'C-1' }) })).status).toBe(403);
  });

  it('needs a token', async () => {
    expect((await api.call('/admin/camt-files')).status).toBe(401);
  });
});

describe('GET /admin/camt-files/{fileId} and its rejections', () => {
  it("reads one file's record; an unknown id is 404, a malformed one a 400 naming fileId", async () => {
    expect((await api.call(`/admin/camt-files/${ids.codes}`, { token: analyst() })).json).toMatchObject({ fileId: ids.codes, status: 'DONE', counts: { published: 1, rejected: 1 } });
    expect((await api.call('/admin/camt-files/f-0000', { token: analyst() })).status).toBe(404);
    const bad = await api.call('/admin/camt-files/x%20y', { token: analyst() });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('fileId');
  });

  it('lists rejections in document order, position and reason only, page by page', async () => {
    const pages = [];
    let cursor: string | null = null;
    do {
      const res = await api.call(`/admin/camt-files/${ids.many}/rejections?limit=2${cursor ? `&cursor=${cursor}` : ''}`, { token: analyst() });
      expect(res.status, res.text).toBe(200);
      pages.push(res.json.rejections);
      cursor = res.json.nextCursor;
    } while (cursor);
    expect(pages.map((p) => p.length)).toEqual([2, 1]);
    const all = pages.flat();
    expect(all.map((r) => r.ordinal)).toEqual([2, 3, 4]);
    expect(all[0]).toEqual({ ordinal: 2, position: expect.stringMatching(/^Stmt\[1\]\/Ntry\[2\] \(line \d+\)$/), reason: 'BkTxCd: no Domn, Prtry TEA-SHOP has no mapping to a transaction kind', run: 1 });
    expect(JSON.stringify(pages)).not.toMatch(/Wang|\d\.00/);
  });

  it("refuses another file's cursor and a forged position", async () => {
    const many = await api.call(`/admin/camt-files/${ids.many}/rejections?limit=1`, { token: admin() });
    const other = await api.call(`/admin/camt-files/${ids.codes}/rejections?cursor=${many.json.nextCursor}`, { token: admin() });
    expect(other.status).toBe(400);
    expect(other.text).toContain('query.cursor');
    // Another position under the real cursor's signature (cursors are `<position>.<HMAC>`).
    const forged = `${Buffer.from('REJ#1').toString('base64url')}.${String(many.json.nextCursor).split('.')[1]}`;
    expect((await api.call(`/admin/camt-files/${ids.many}/rejections?cursor=${forged}`, { token: admin() })).status).toBe(400);
  });

  it('is 404 for the rejections of an unknown file', async () => {
    expect((await api.call('/admin/camt-files/f-00000000/rejections', { token: admin() })).status).toBe(404);
  });
});

describe('POST /admin/camt-files/{fileId}/redrives', () => {
  it('is for admins only', async () => {
    expect((await api.call(`/admin/camt-files/${ids.codes}/redrives`, { method: 'POST', token: analyst() })).status).toBe(403);
    expect(await receiveRedrives()).toEqual([]);
  });

  it('queues the next run; the consumer reads the file again with the fixed mapping: the rejection clears, the entry is applied once', async () => {
    const res = await api.call(`/admin/camt-files/${ids.codes}/redrives`, { method: 'POST', token: admin() });
    expect(res.status, res.text).toBe(202);
    expect(res.json).toEqual({ fileId: ids.codes, run: 2 });
    expect(res.headers.get('location')).toBe(`/admin/camt-files/${ids.codes}`);

    const queued = await receiveRedrives();
    expect(queued).toEqual([{ kind: 'REDRIVE', redrive: { kind: 'CAMT_REDRIVE', fileId: ids.codes, run: 2 } }]);
    // What camt-files does with it (functions/camt-files/handler.ts), after the settings were fixed.
    expect(await redriveCamt(deps(fixedSettings), (queued[0] as { redrive: { kind: 'CAMT_REDRIVE'; fileId: string; run: number } }).redrive)).toBe('done');
    await h.drain();

    const record = await api.call(`/admin/camt-files/${ids.codes}`, { token: admin() });
    expect(record.json).toMatchObject({ status: 'DONE', run: 2, counts: { items: 2, published: 2, rejected: 0 } });
    expect((await api.call(`/admin/camt-files/${ids.codes}/rejections`, { token: admin() })).json.rejections).toEqual([]);
    expect([...h.applied.values()].every((n) => n === 1)).toBe(true);

    // Nothing is left to redrive.
    const again = await api.call(`/admin/camt-files/${ids.codes}/redrives`, { method: 'POST', token: admin() });
    expect(again.status).toBe(409);
    expect(again.json.detail).toMatch(/nothing to redrive/);
  });

  it('redrives a single message from its record', async () => {
    expect((await api.call(`/admin/camt-files/${ids.message}/redrives`, { method: 'POST', token: admin() })).status).toBe(202);
    const [queued] = await receiveRedrives();
    expect(await redriveCamt(deps(fixedSettings), (queued as { redrive: { kind: 'CAMT_REDRIVE'; fileId: string; run: number } }).redrive)).toBe('done');
    await h.drain();
    expect((await api.call(`/admin/camt-files/${ids.message}`, { token: admin() })).json).toMatchObject({ run: 2, counts: { published: 1, rejected: 0 } });
    expect((await api.call(`/admin/camt-files/${ids.message}/rejections`, { token: admin() })).json.rejections).toEqual([]);
  });

  it('a file rejected whole can be redriven; a clean file or a run under way is a 409', async () => {
    expect((await api.call(`/admin/camt-files/${ids.bad}/redrives`, { method: 'POST', token: admin() })).json).toEqual({ fileId: ids.bad, run: 2 });
    await receiveRedrives();
    expect((await api.call(`/admin/camt-files/${ids.clean}/redrives`, { method: 'POST', token: admin() })).status).toBe(409);
    await store.startRun(ids.clean, 2);
    const running = await api.call(`/admin/camt-files/${ids.clean}/redrives`, { method: 'POST', token: admin() });
    expect(running.status).toBe(409);
    expect(running.json.detail).toMatch(/under way/);
    expect((await api.call('/admin/camt-files/f-00000000/redrives', { method: 'POST', token: admin() })).status).toBe(404);
    expect(await receiveRedrives()).toEqual([]);
  });
});
