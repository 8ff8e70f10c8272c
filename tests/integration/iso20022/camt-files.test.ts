// The file pipeline against DynamoDB Local and the local EventBridge: a camt file becomes events that
// ingestion applies (through the account directory: unknown accounts parked, released when opened),
// with a processing record, rejections stored alone, continuation across invocations, redrive.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { camtDocument, type CamtEntry } from '../../../local/simulator/camt-documents';
import { createLayoutTable } from '../../../local/services/layout-tables';
import { CAMT_INGESTION_TABLE } from '../../../shared/adapters/table-layouts';
import { CamtIngestionStore, totalsOf } from '../../../shared/iso20022/adapters/camt-ingestion-store';
import { CamtSettings } from '../../../shared/iso20022/domain/camt-settings';
import { fileIdOf, type FileWork } from '../../../shared/iso20022/use-cases/camt-work';
import { ingestCamtFile, type CamtFileDeps } from '../../../shared/iso20022/use-cases/ingest-camt-file';
import { startHarness, type Harness } from '../accounts/accounts-harness';
import { dynamoDb, useLocalAwsEnvironment } from '../../support/local-aws';
import { settings as testSettings } from '../../unit/iso20022/support';

useLocalAwsEnvironment();

let h: Harness;
let store: CamtIngestionStore;
const files = new Map<string, string>();

beforeAll(async () => {
  h = await startHarness();
  store = new CamtIngestionStore(dynamoDb(), (await createLayoutTable(dynamoDb(), CAMT_INGESTION_TABLE, 'camt')).tableName);
});
afterAll(() => h.stop());

function deps(over: Partial<CamtFileDeps> = {}): CamtFileDeps & { continued: FileWork[] } {
  const continued: FileWork[] = [];
  return {
    store,
    settings: testSettings,
    objects: { read: async (_b, key) => [new TextEncoder().encode(files.get(key)!)] },
    // resolveAccounts on the real directory; the ready events go out over the local bus to ingestion.
    // resolveAccounts and publishing of the ready events, as the connectors' harness does them.
    resolve: (events) => h.connectorSends(events),
    publish: async () => undefined,
    continueLater: async (w) => void continued.push(w),
    now: () => new Date('2026-12-01T10:00:00Z'),
    remainingMs: () => 900_000,
    continued,
    ...over,
  };
}

const work = (key: string): FileWork => ({ kind: 'CAMT_FILE', fileId: fileIdOf('camt-bucket', key), bucket: 'camt-bucket', key, part: 0, resumeAfter: 0 });
const entry = (i: number, over: Partial<CamtEntry> = {}): CamtEntry => ({
  amount: `${i}.00`, currency: 'CNY', direction: 'DBIT', bookingDate: '2026-11-30', acctSvcrRef: `BK-${i}`, code: { domain: 'PMNT', family: 'CCRD', subFamily: 'POSD' }, ...over,
});
const statement = (accountNo: string, entries: CamtEntry[]) =>
  camtDocument('camt.053', 8, 'M', [{ id: 'S', account: { other: { id: accountNo, scheme: 'BBAN' } }, balances: [{ type: 'CLBD', amount: '500.00', currency: 'CNY', direction: 'CRDT', date: '2026-11-30' }], entries }]);

const timelineIds = async (customerId: string) => {
  const { QueryCommand } = await import('@aws-sdk/client-dynamodb');
  const out = await dynamoDb().send(new QueryCommand({ TableName: h.tableName, KeyConditionExpression: 'PK = :pk', ExpressionAttributeValues: { ':pk': { S: `CUSTOMER#${customerId}` } } }));
  return (out.Items ?? []).map((i) => ({ sk: i.SK!.S!, eventId: i.eventId?.S, balance: i.balanceMinor?.N, counterparty: i.counterpartyName?.S }));
};

describe('a camt file', () => {
  it('becomes timeline entries and balances; an entry for an unknown account is parked, then released', async () => {
    await h.openAccount('ACC-1001', 'CUST-1');
    await h.drain();
    files.set('incoming/a.xml', statement('1001', [entry(1, { transactions: [{ counterparty: 'Lucky Noodle House' }] }), entry(2), entry(3, { amount: '3.001' })]));
    files.set('incoming/b.xml', statement('2002', [entry(4)]));
    expect(await ingestCamtFile(deps(), work('incoming/a.xml'))).toBe('done');
    expect(await ingestCamtFile(deps(), work('incoming/b.xml'))).toBe('done');
    await h.drain();

    const items = await timelineIds('CUST-1');
    expect(items.filter((i) => i.sk.startsWith('TL#'))).toHaveLength(2);
    expect(items.find((i) => i.sk.startsWith('TL#') && i.counterparty)?.counterparty).toBe('Lucky Noodle House');
    expect(items.find((i) => i.sk.startsWith('BAL#'))?.balance).toBe('50000');

    const a = (await store.get(fileIdOf('camt-bucket', 'incoming/a.xml')))!;
    expect(a).toMatchObject({ status: 'DONE', run: 1, message: { name: 'camt.053', version: 8 } });
    expect(totalsOf(a)).toEqual({ items: 4, published: 3, parked: 0, rejected: 1, skipped: 0 });
    expect(await store.rejections(a.fileId)).toEqual([
      { fileId: a.fileId, ordinal: 4, position: expect.stringMatching(/^Stmt\[1\]\/Ntry\[3\] \(line \d+\)$/), reason: 'Ntry/Amt: 3 decimals, more than the 2 the currency has', run: 1 },
    ]);
    const b = (await store.get(fileIdOf('camt-bucket', 'incoming/b.xml')))!;
    expect(totalsOf(b)).toMatchObject({ published: 0, parked: 2 });

    // The account arrives after its entries: they are released and applied.
    await h.openAccount('ACC-2002', 'CUST-2');
    await h.drain();
    expect((await timelineIds('CUST-2')).filter((i) => i.sk.startsWith('TL#') || i.sk.startsWith('BAL#'))).toHaveLength(2);

    // The same notification again changes nothing.
    expect(await ingestCamtFile(deps(), work('incoming/a.xml'))).toBe('already-processed');
  });

  it('a malformed file is rejected whole with its reason, and nothing is published', async () => {
    await h.openAccount('ACC-3003', 'CUST-3');
    await h.drain();
    files.set('incoming/bad.xml', statement('3003', [entry(5), entry(6)]).replace('</Ntry>', '</Ntri>'));
    expect(await ingestCamtFile(deps(), work('incoming/bad.xml'))).toBe('rejected');
    await h.drain();
    const r = (await store.get(fileIdOf('camt-bucket', 'incoming/bad.xml')))!;
    expect(r).toMatchObject({ status: 'REJECTED', reason: expect.stringMatching(/^not well-formed XML: /) });
    expect((await timelineIds('CUST-3')).filter((i) => i.sk.startsWith('TL#'))).toEqual([]);
  });

  it('continues in the next invocation near the timeout, and counts each item once', async () => {
    await h.openAccount('ACC-4004', 'CUST-4');
    await h.drain();
    files.set('incoming/big.xml', statement('4004', Array.from({ length: 250 }, (_, i) => entry(100 + i))));
    // Every invocation "runs out of time" after its first group of 100 events.
    const d = deps({ remainingMs: () => 1_000 });
    let next: FileWork | undefined = work('incoming/big.xml');
    let invocations = 0;
    while (next) {
      invocations += 1;
      const outcome = await ingestCamtFile(d, next);
      next = outcome === 'continued' ? d.continued[d.continued.length - 1] : undefined;
    }
    await h.drain();
    expect(invocations).toBe(3);
    const r = (await store.get(fileIdOf('camt-bucket', 'incoming/big.xml')))!;
    expect(r.status).toBe('DONE');
    expect(totalsOf(r)).toEqual({ items: 251, published: 251, parked: 0, rejected: 0, skipped: 0 });
    expect((await timelineIds('CUST-4')).filter((i) => i.sk.startsWith('TL#'))).toHaveLength(250);
  });

  it('a first run whose invocation failed is taken up again when SQS delivers the notification again', async () => {
    await h.openAccount('ACC-6006', 'CUST-6');
    await h.drain();
    files.set('incoming/retry.xml', statement('6006', [entry(20), entry(21)]));
    let fail = true;
    const flaky = deps({
      resolve: async (events) => {
        if (fail) {
          fail = false;
          throw new Error('ProvisionedThroughputExceededException');
        }
        return h.connectorSends(events);
      },
    });
    await expect(ingestCamtFile(flaky, work('incoming/retry.xml'))).rejects.toThrow('ProvisionedThroughputExceededException');
    const id = fileIdOf('camt-bucket', 'incoming/retry.xml');
    expect((await store.get(id))!).toMatchObject({ status: 'PROCESSING', run: 1 });
    expect(await ingestCamtFile(flaky, work('incoming/retry.xml'))).toBe('done');
    await h.drain();
    expect(totalsOf((await store.get(id))!)).toMatchObject({ items: 3, published: 3 });
    expect((await timelineIds('CUST-6')).filter((i) => i.sk.startsWith('TL#'))).toHaveLength(2);
    // Finished: the same notification once more is acknowledged.
    expect(await ingestCamtFile(flaky, work('incoming/retry.xml'))).toBe('already-processed');
  });

  it('a rejected entry is redriven after a mapping fix: the rejection clears and the entry is applied', async () => {
    await h.openAccount('ACC-5005', 'CUST-5');
    await h.drain();
    files.set('incoming/codes.xml', statement('5005', [entry(7), entry(8, { code: undefined, proprietaryCode: { code: 'TEA-SHOP' } })]));
    expect(await ingestCamtFile(deps(), work('incoming/codes.xml'))).toBe('done');
    const id = fileIdOf('camt-bucket', 'incoming/codes.xml');
    expect((await store.rejections(id)).map((r) => r.reason)).toEqual(['BkTxCd: no Domn, Prtry TEA-SHOP has no mapping to a transaction kind']);

    const fixed = CamtSettings.parse({ ...testSettings, proprietaryCodes: [...testSettings.proprietaryCodes, { code: 'TEA-SHOP', kind: 'CARD_PURCHASE', channel: 'POS' }] });
    expect(await ingestCamtFile(deps({ settings: fixed }), { ...work('incoming/codes.xml'), run: 2 })).toBe('done');
    await h.drain();
    expect(await store.rejections(id)).toEqual([]);
    expect(totalsOf((await store.get(id))!)).toMatchObject({ published: 3, rejected: 0 });
    expect((await timelineIds('CUST-5')).filter((i) => i.sk.startsWith('TL#'))).toHaveLength(2);
    // Republishing the entries already applied changed nothing: each eventId applied once.
    for (const t of (await timelineIds('CUST-5')).filter((i) => i.sk.startsWith('TL#'))) expect(h.applied.get(t.eventId!)).toBe(1);
  });
});
