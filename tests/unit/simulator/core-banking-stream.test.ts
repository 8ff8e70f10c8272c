import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type CoreBankingEvent, coreBankingEvents } from '../../../shared/contracts/events';
import { generateCoreBankingStream, type StreamOptions } from '../../../local/simulator/core-banking-stream';

const month: StreamOptions = { customers: 300, days: 30, seed: 42 };
let cached: CoreBankingEvent[] | undefined;
/** One simulated month for 300 customers, shared by the tests that only read it. */
const monthStream = () => (cached ??= [...generateCoreBankingStream(month)]);

const utc = (e: CoreBankingEvent) => Date.parse(e.detail.occurredAt);

function invalidEvents(events: CoreBankingEvent[]) {
  return events
    .map((e) => ({ e, r: coreBankingEvents[e.detailType].safeParse(e.detail) }))
    .filter(({ r }) => !r.success)
    .map(({ e, r }) => ({ detailType: e.detailType, eventId: e.detail.eventId, issues: r.error?.issues }));
}

function outOfOrder(events: CoreBankingEvent[]) {
  return events.findIndex((e, i) => i > 0 && utc(e) < utc(events[i - 1]!));
}

describe('generateCoreBankingStream', () => {
  it('produces only events that validate against their detail-type schema', () => {
    const events = monthStream();
    expect(events.length).toBeGreaterThan(10_000);
    expect(invalidEvents(events)).toEqual([]);
    // Schemas strip unknown keys silently: the details must carry none.
    for (const e of events.slice(0, 2_000)) expect(coreBankingEvents[e.detailType].parse(e.detail)).toEqual(e.detail);
  });

  it('is in time order, with unique eventIds', () => {
    const events = monthStream();
    expect(outOfOrder(events)).toBe(-1);
    expect(new Set(events.map((e) => e.detail.eventId)).size).toBe(events.length);
  });

  it('is deterministic: the same options give a byte-identical stream', () => {
    const again = [...generateCoreBankingStream({ ...month })];
    expect(JSON.stringify(again)).toBe(JSON.stringify(monthStream()));
  });

  it('differs with the seed, and never reuses eventIds across seeds or start dates', () => {
    const a = [...generateCoreBankingStream({ customers: 20, days: 7, seed: 'a' })];
    const b = [...generateCoreBankingStream({ customers: 20, days: 7, seed: 'b' })];
    const later = [...generateCoreBankingStream({ customers: 20, days: 7, seed: 'a', start: '2027-01-04' })];
    expect(JSON.stringify(a.map((e) => ({ ...e.detail, eventId: '' })))).not.toBe(JSON.stringify(b.map((e) => ({ ...e.detail, eventId: '' }))));
    const idsOf = (s: CoreBankingEvent[]) => new Set(s.map((e) => e.detail.eventId));
    const aIds = idsOf(a);
    expect([...idsOf(b)].filter((id) => aIds.has(id))).toEqual([]);
    expect([...idsOf(later)].filter((id) => aIds.has(id))).toEqual([]);
    expect(later[0]!.detail.occurredAt.startsWith('2027-01-04')).toBe(true);
  });

  it('repeats a smaller run inside a larger one with the same seed: reruns resend the same events', () => {
    const small = [...generateCoreBankingStream({ customers: 20, days: 25, seed: 'grow' })];
    const large = [...generateCoreBankingStream({ customers: 35, days: 40, seed: 'grow' })];
    const inSmall = (e: CoreBankingEvent) => Number(e.detail.customerId.slice(2)) <= 20 && e.detail.occurredAt.slice(0, 10) < '2026-10-26';
    expect(JSON.stringify(large.filter(inSmall))).toBe(JSON.stringify(small));
  });

  it('gives every customer one CustomerOnboarded, before any other event of theirs', () => {
    const events = monthStream();
    const onboarded = new Set<string>();
    const early: string[] = [];
    for (const e of events) {
      if (e.detailType === 'CustomerOnboarded') {
        expect(onboarded.has(e.detail.customerId)).toBe(false);
        onboarded.add(e.detail.customerId);
      } else if (!onboarded.has(e.detail.customerId)) early.push(e.detail.eventId);
    }
    expect(early).toEqual([]);
    expect([...onboarded].sort()).toEqual(Array.from({ length: 300 }, (_, i) => `C-${String(i + 1).padStart(6, '0')}`));
  });

  it('only refers to accounts the customer opened and has not closed', () => {
    const open = new Map<string, string>(); // accountId → customerId
    const closed = new Set<string>();
    const problems: string[] = [];
    for (const e of monthStream()) {
      const d = e.detail;
      if (e.detailType === 'AccountOpened') {
        if (open.has(e.detail.accountId) || closed.has(e.detail.accountId)) problems.push(`reopened ${e.detail.accountId}`);
        open.set(e.detail.accountId, d.customerId);
      } else if ('accountId' in d) {
        if (open.get(d.accountId) !== d.customerId) problems.push(`${e.detailType} ${d.eventId} on unknown or closed ${d.accountId}`);
        if (e.detailType === 'AccountClosed') {
          open.delete(d.accountId);
          closed.add(d.accountId);
        }
      }
    }
    expect(problems).toEqual([]);
    expect(closed.size).toBeGreaterThan(0);
  });

  it('raises version numbers per entity: profile, account lifecycle, loan status', () => {
    const profile = new Map<string, number>();
    const account = new Map<string, number>();
    const loan = new Map<string, number>();
    const regressions: string[] = [];
    const step = (seen: Map<string, number>, key: string, version: number, what: string, exactlyNext: boolean) => {
      const before = seen.get(key) ?? 0;
      if (exactlyNext ? version !== before + 1 : version <= before) regressions.push(`${what} ${key}: ${before} then ${version}`);
      seen.set(key, version);
    };
    for (const e of monthStream()) {
      switch (e.detailType) {
        case 'CustomerOnboarded':
        case 'CustomerProfileUpdated':
          step(profile, e.detail.customerId, e.detail.profile.version, 'profile', true);
          break;
        case 'AccountOpened':
        case 'AccountClosed':
          step(account, e.detail.accountId, e.detail.version, 'account', false);
          break;
        case 'LoanStatusChanged':
          step(loan, e.detail.accountId, e.detail.version, 'loan', true);
          break;
      }
    }
    expect(regressions).toEqual([]);
    expect([...profile.values()].some((v) => v > 1)).toBe(true);
    expect([...account.values()].some((v) => v > 1)).toBe(true);
    expect([...loan.values()].some((v) => v > 1)).toBe(true);
  });

  it('takes one balance snapshot per open account per day, at the end of the local day', () => {
    const perDay = new Map<string, number>();
    for (const e of monthStream()) {
      if (e.detailType !== 'BalanceSnapshot') continue;
      const d = e.detail;
      expect(d.occurredAt.slice(0, 10)).toBe(d.asOf);
      expect(d.occurredAt.slice(11, 19)).toBe('23:59:59');
      if (['CREDIT_CARD', 'PERSONAL_LOAN', 'MORTGAGE'].includes(d.product)) expect(d.balance.minor).toBeGreaterThanOrEqual(0);
      const key = `${d.accountId}@${d.asOf}`;
      perDay.set(key, (perDay.get(key) ?? 0) + 1);
    }
    expect(Math.max(...perDay.values())).toBe(1);
  });

  it('writes China times at +08:00 and UK times in GMT or BST as the date requires', () => {
    const offsets = new Map<string, Set<string>>();
    for (const e of monthStream()) {
      const at = e.detail.occurredAt;
      const offset = at.slice(19);
      const key = offset === '+08:00' ? 'CN' : at.slice(0, 10) < '2026-10-25' ? 'UK summer' : 'UK winter';
      (offsets.get(key) ?? offsets.set(key, new Set()).get(key)!).add(offset);
    }
    expect([...offsets.get('CN')!]).toEqual(['+08:00']);
    expect([...offsets.get('UK summer')!]).toEqual(['+01:00']);
    // 25 October 2026: clocks go back at 02:00 BST, so the day itself starts in summer time.
    expect(offsets.get('UK winter')!.has('+00:00')).toBe(true);
  });

  it('rejects options that make no run', () => {
    expect(() => [...generateCoreBankingStream({ customers: 0, days: 1, seed: 1 })]).toThrow(/customers/);
    expect(() => [...generateCoreBankingStream({ customers: 1, days: 1.5, seed: 1 })]).toThrow(/days/);
    expect(() => [...generateCoreBankingStream({ customers: 1, days: 1, seed: 1, start: '2026-02-30' })]).toThrow(/start/);
  });

  it('holds for any seed, start date and small size (property)', () => {
    const startDate = fc
      .integer({ min: Date.UTC(2020, 0, 1) / 86_400_000, max: Date.UTC(2032, 11, 31) / 86_400_000 })
      .map((day) => new Date(day * 86_400_000).toISOString().slice(0, 10));
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 8 }), fc.integer({ min: 1, max: 12 }), fc.string(), startDate, (customers, days, seed, start) => {
        const events = [...generateCoreBankingStream({ customers, days, seed, start })];
        expect(invalidEvents(events)).toEqual([]);
        expect(outOfOrder(events)).toBe(-1);
        expect(new Set(events.map((e) => e.detail.eventId)).size).toBe(events.length);
        expect(new Set(events.filter((e) => e.detailType === 'CustomerOnboarded').map((e) => e.detail.customerId)).size).toBe(customers);
      }),
      { numRuns: 40 },
    );
  });

  it('generates 300 customers × 30 days in a few seconds', () => {
    const began = performance.now();
    let count = 0;
    for (const _ of generateCoreBankingStream({ customers: 300, days: 30, seed: 'speed' })) count++;
    const seconds = (performance.now() - began) / 1000;
    expect(count).toBeGreaterThan(10_000);
    // Typically well under a second; the bound leaves room for a busy shared machine.
    expect(seconds).toBeLessThan(6);
  });
});
