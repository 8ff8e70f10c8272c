// The same booking gets the same eventId in a camt.054 and a camt.053; different bookings do not.
import { describe, expect, it } from 'vitest';
import { camtDocument, type CamtEntry, type CamtName } from '../../../local/simulator/camt-documents';
import { eventsOf, outcomesOf } from './support';

const account = { other: { id: '6222021001', scheme: 'BBAN' } };
const ids = async (name: CamtName, version: number, entries: CamtEntry[]) =>
  eventsOf(await outcomesOf(camtDocument(name, version, 'M', [{ id: 'B', account, entries }]))).map((e) => e.detail.eventId);

const base: CamtEntry = { amount: '10.00', currency: 'CNY', direction: 'DBIT', bookingDate: '2026-11-30', code: { domain: 'PMNT', family: 'ICDT', subFamily: 'DMCT' } };

describe('booking eventIds', () => {
  it.each<[string, Partial<CamtEntry>]>([
    ['Ntry/AcctSvcrRef', { acctSvcrRef: 'BK-1' }],
    ['Ntry/NtryRef', { entryRef: 'NR-1' }],
    ['TxDtls/Refs/AcctSvcrRef', { transactions: [{ acctSvcrRef: 'TX-1' }] }],
    ['TxDtls/Refs/EndToEndId', { transactions: [{ endToEndId: 'E2E-1' }] }],
    ['the canonical digest', {}],
  ])('from %s: equal in a camt.054 (.001.04) and a camt.053 (.001.08), and in a camt.052', async (_, refs) => {
    const entry = { ...base, ...refs };
    const [a] = await ids('camt.054', 4, [entry]);
    const [b] = await ids('camt.053', 8, [entry]);
    const [c] = await ids('camt.052', 2, [entry]);
    expect(a).toMatch(/^camt-[0-9a-f]{40}$/);
    expect(b).toBe(a);
    expect(c).toBe(a);
  });

  it('UETR identifies a booking where the entry has no reference of its own (from .001.07)', async () => {
    const entry = { ...base, transactions: [{ uetr: 'EB6305C9-1F7A-4D8E-9B3B-6F7C3A2B1D00' }] };
    const [a] = await ids('camt.054', 7, [entry]);
    const [b] = await ids('camt.053', 8, [{ ...entry, transactions: [{ uetr: 'eb6305c9-1f7a-4d8e-9b3b-6f7c3a2b1d00' }] }]);
    expect(b).toBe(a);
    const [digest] = await ids('camt.053', 8, [base]);
    expect(a).not.toBe(digest);
  });

  it('the entry reference wins over transaction references, so a statement without details agrees with a detailed notification', async () => {
    const [a] = await ids('camt.054', 8, [{ ...base, acctSvcrRef: 'BK-1', transactions: [{ endToEndId: 'E2E-1', counterparty: 'X' }] }]);
    const [b] = await ids('camt.053', 8, [{ ...base, acctSvcrRef: 'BK-1' }]);
    expect(b).toBe(a);
  });

  it('different bookings differ: other reference, other account, a reversal, each detail of a batch', async () => {
    const [a] = await ids('camt.053', 8, [{ ...base, acctSvcrRef: 'BK-1' }]);
    const [b] = await ids('camt.053', 8, [{ ...base, acctSvcrRef: 'BK-2' }]);
    const [rev] = await ids('camt.053', 8, [{ ...base, acctSvcrRef: 'BK-1', reversal: true, direction: 'CRDT' }]);
    const other = eventsOf(await outcomesOf(camtDocument('camt.053', 8, 'M', [{ id: 'B', account: { other: { id: '6222021002', scheme: 'BBAN' } }, entries: [{ ...base, acctSvcrRef: 'BK-1' }] }])))[0]!.detail.eventId;
    const batch = await ids('camt.053', 8, [{ ...base, acctSvcrRef: 'BK-1', transactions: [{ amount: '4.00' }, { amount: '6.00' }] }]);
    expect(new Set([a, b, rev, other, ...batch]).size).toBe(6);
  });

  it('a digest ignores how the amount is written but not what it is', async () => {
    const [a] = await ids('camt.053', 8, [{ ...base, amount: '10.5' }]);
    const [b] = await ids('camt.054', 8, [{ ...base, amount: '10.50' }]);
    const [c] = await ids('camt.054', 8, [{ ...base, amount: '10.51' }]);
    expect(b).toBe(a);
    expect(c).not.toBe(a);
  });
});
