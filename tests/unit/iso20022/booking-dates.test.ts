// One booking, its dates written in whatever form a message chooses, is one event: the same eventId and
// the same occurredAt (the start of its booking day in the bank's zone, Asia/Shanghai here), so that it
// is one timeline item. Banks give BookgDt/DtTm in the intraday camt.054 and BookgDt/Dt in the camt.053.
import { describe, expect, it } from 'vitest';
import { camtDocument, type CamtEntry, type CamtName } from '../../../local/simulator/camt-documents';
import { eventsOf, outcomesOf } from './support';

const account = { other: { id: '6222021001', scheme: 'BBAN' } };
const mapped = async (name: CamtName, version: number, entry: CamtEntry) =>
  eventsOf(await outcomesOf(camtDocument(name, version, 'M', [{ id: 'B', account, entries: [entry] }]))).map((e) => ({
    eventId: e.detail.eventId,
    occurredAt: e.detail.occurredAt,
  }));

const base: CamtEntry = { amount: '10.00', currency: 'CNY', direction: 'DBIT', code: { domain: 'PMNT', family: 'ICDT', subFamily: 'DMCT' } };

/** 30 November 2026 in Shanghai, in the forms messages write it. */
const BOOKING_FORMS: [string, Partial<CamtEntry>][] = [
  ['Dt', { bookingDate: '2026-11-30' }],
  ['DtTm, local', { bookingDateTime: '2026-11-30T09:15:30' }],
  ['DtTm, the zone offset', { bookingDateTime: '2026-11-30T23:59:59.250+08:00' }],
  // 00:30 on the 30th in Shanghai, written in UTC on the 29th.
  ['DtTm, UTC on the day before', { bookingDateTime: '2026-11-29T16:30:00Z' }],
];
const VALUE_FORMS: Partial<CamtEntry>[] = [{ valueDate: '2026-12-01' }, { valueDateTime: '2026-12-01T10:00:00' }, { valueDateTime: '2026-11-30T17:00:00Z' }];

describe('a booking date in any form', () => {
  it.each([
    ['Ntry/AcctSvcrRef', { acctSvcrRef: 'BK-1' }],
    ['the canonical digest', {}],
  ])('identified by %s: one eventId and one occurredAt, the start of the booking day', async (_, refs) => {
    const seen = new Set<string>();
    for (const [, booking] of BOOKING_FORMS) {
      for (const value of VALUE_FORMS) {
        const [e] = await mapped('camt.054', 8, { ...base, ...refs, ...booking, ...value });
        expect(e!.occurredAt).toBe('2026-11-29T16:00:00.000Z');
        seen.add(e!.eventId);
        const [s] = await mapped('camt.053', 4, { ...base, ...refs, bookingDate: '2026-11-30', valueDate: '2026-12-01' });
        expect(s).toEqual(e);
      }
    }
    expect(seen.size).toBe(1);
  });

  it('without a booking date, the value date counts the same way', async () => {
    const forms = await Promise.all(VALUE_FORMS.map((v) => mapped('camt.054', 6, { ...base, ...v })));
    for (const [e] of forms) expect(e).toEqual(forms[0]![0]);
    expect(forms[0]![0]!.occurredAt).toBe('2026-11-30T16:00:00.000Z');
  });

  it('another booking day is another instant and, without references, another booking', async () => {
    const [a] = await mapped('camt.054', 8, { ...base, bookingDateTime: '2026-11-30T23:59:59+08:00' });
    const [b] = await mapped('camt.054', 8, { ...base, bookingDateTime: '2026-11-30T16:00:00Z' }); // 00:00 on 1 December in Shanghai
    expect(b!.occurredAt).toBe('2026-11-30T16:00:00.000Z');
    expect(b!.eventId).not.toBe(a!.eventId);
  });

  it('a date-time that is not one is still rejected with the field', async () => {
    const outcomes = await outcomesOf(camtDocument('camt.054', 8, 'M', [{ id: 'B', account, entries: [{ ...base, bookingDateTime: '2026-11-30T25:00:00' }] }]));
    expect(outcomes.find((o) => o.kind === 'rejected')).toMatchObject({ reason: 'Ntry/BookgDt: not an ISO date or date-time' });
  });
});
