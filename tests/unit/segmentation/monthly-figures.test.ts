import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CoreBankingEvent } from '../../../shared/contracts/events';
import { monthlyFigures, type StoredItem } from '../../../shared/domain/monthly-figures';
import {
  balance,
  closed,
  dailyBalances,
  event,
  interaction,
  loanStatus,
  opened,
  posted,
  storedItems,
} from './stored-items';

const SHANGHAI = { timeZone: 'Asia/Shanghai' };
const figuresOf = (events: CoreBankingEvent[], month = '2026-11', options = SHANGHAI) =>
  monthlyFigures(storedItems(events), month, options);

describe('transactions and fees', () => {
  it('counts transactions and sums volumes per channel and currency, and fees per currency', () => {
    const f = figuresOf([
      posted('2026-11-03T10:00:00+08:00', 'MOBILE', 10_000, { fee: { minor: 100, currency: 'CNY' } }),
      posted('2026-11-04T10:00:00+08:00', 'MOBILE', 2_500),
      posted('2026-11-05T10:00:00+08:00', 'MOBILE', 700, { currency: 'USD', fee: { minor: 35, currency: 'USD' } }),
      posted('2026-11-06T10:00:00+08:00', 'BRANCH', 50_000, { fee: { minor: 200, currency: 'CNY' } }),
      posted('2026-12-01T10:00:00+08:00', 'BRANCH', 99_999, { fee: { minor: 999, currency: 'CNY' } }), // next month
    ]);
    expect(f.transactions.MOBILE).toEqual({ count: 3, volumeMinor: { CNY: 12_500, USD: 700 } });
    expect(f.transactions.BRANCH).toEqual({ count: 1, volumeMinor: { CNY: 50_000 } });
    expect(f.transactions.ATM).toEqual({ count: 0, volumeMinor: {} });
    expect(f.feesMinor).toEqual({ CNY: 300, USD: 35 });
  });

  it('splits interactions into agent-assisted and self-service per channel', () => {
    const f = figuresOf([
      interaction('2026-11-03T10:00:00+08:00', 'PHONE', true),
      interaction('2026-11-03T11:00:00+08:00', 'PHONE', false),
      interaction('2026-11-03T12:00:00+08:00', 'PHONE', false),
      interaction('2026-11-04T12:00:00+08:00', 'MOBILE', false),
    ]);
    expect(f.interactions.PHONE).toEqual({ agentAssisted: 1, selfService: 2 });
    expect(f.interactions.MOBILE).toEqual({ agentAssisted: 0, selfService: 1 });
  });
});

describe('month boundaries', () => {
  // 00:00 on 1 November in Beijing is 16:00 on 31 October in UTC.
  const events = [
    posted('2026-10-31T23:59:59.999+08:00', 'ATM', 1),
    posted('2026-11-01T00:00:00+08:00', 'ATM', 10),
    posted('2026-11-30T23:59:59.999+08:00', 'ATM', 100),
    posted('2026-12-01T00:00:00+08:00', 'ATM', 1_000),
  ];

  it('in the reporting time zone, the first and last millisecond of the month are in it and their neighbours are not', () => {
    expect(figuresOf(events).transactions.ATM).toEqual({ count: 2, volumeMinor: { CNY: 110 } });
  });

  it('with UTC as the reporting zone, the same instants fall differently', () => {
    // In UTC, 2026-11-01T00:00+08:00 is still October and 2026-12-01T00:00+08:00 already November.
    expect(figuresOf(events, '2026-11', { timeZone: 'UTC' }).transactions.ATM).toEqual({ count: 2, volumeMinor: { CNY: 1_100 } });
  });
});

describe('average balances', () => {
  it('is the mean of the daily snapshots for an account open the whole month, rounded half to even', () => {
    const f = figuresOf([
      opened('A-1', 'CURRENT_ACCOUNT', '2025-01-10'),
      ...dailyBalances('A-1', 'CURRENT_ACCOUNT', '2026-11-01', '2026-11-29', 1_000),
      balance('A-1', 'CURRENT_ACCOUNT', '2026-11-30', 1_015), // total 30,015 over 30 days = 1,000.5 → 1,000
    ]);
    expect(f.averageBalanceMinor.CURRENT_ACCOUNT).toEqual({ CNY: 1_000 });
  });

  it('sums accounts of one product per currency', () => {
    const f = figuresOf([
      ...dailyBalances('S-1', 'SAVINGS', '2026-11-01', '2026-11-30', 300_000),
      ...dailyBalances('S-2', 'SAVINGS', '2026-11-01', '2026-11-30', 200_000),
      ...dailyBalances('S-3', 'SAVINGS', '2026-11-01', '2026-11-30', 5_000, 'USD'),
    ]);
    expect(f.averageBalanceMinor.SAVINGS).toEqual({ CNY: 500_000, USD: 5_000 });
  });

  it('counts only the days an account was held: opened on the 21st of a 30-day month, a third of its balance', () => {
    const f = figuresOf([opened('T-1', 'TERM_DEPOSIT', '2026-11-21'), ...dailyBalances('T-1', 'TERM_DEPOSIT', '2026-11-21', '2026-11-30', 900_000)]);
    expect(f.averageBalanceMinor.TERM_DEPOSIT).toEqual({ CNY: 300_000 }); // 10 of 30 days
  });

  it('carries the last balance over days the core reported nothing (weekends)', () => {
    const f = figuresOf([
      opened('A-1', 'CURRENT_ACCOUNT', '2025-01-10'),
      balance('A-1', 'CURRENT_ACCOUNT', '2026-11-01', 3_000), // days 1–10 at 3,000
      balance('A-1', 'CURRENT_ACCOUNT', '2026-11-11', 6_000), // days 11–30 at 6,000
    ]);
    expect(f.averageBalanceMinor.CURRENT_ACCOUNT).toEqual({ CNY: (10 * 3_000 + 20 * 6_000) / 30 });
  });

  it('stops counting on the day an account closes', () => {
    const f = figuresOf([closed('S-1', 'SAVINGS', '2024-05-01', '2026-11-16'), ...dailyBalances('S-1', 'SAVINGS', '2026-11-01', '2026-11-15', 60_000)]);
    expect(f.averageBalanceMinor.SAVINGS).toEqual({ CNY: 30_000 }); // held days 1–15 of 30
  });
});

describe('open accounts and products held', () => {
  it('counts accounts open on any day of the month, and products still held at its end', () => {
    const f = figuresOf([
      opened('A-1', 'CURRENT_ACCOUNT', '2024-01-01'),
      closed('S-1', 'SAVINGS', '2024-01-01', '2026-11-10'), // open part of the month: counted, not held at the end
      closed('S-0', 'SAVINGS', '2023-01-01', '2026-10-31'), // closed before the month
      opened('C-1', 'CREDIT_CARD', '2026-11-30'),
      opened('W-1', 'WEALTH', '2026-12-01'), // opened after the month
      balance('M-1', 'MORTGAGE', '2026-11-05', 100_000_00), // lifecycle not arrived yet: the balance shows it exists
    ]);
    expect(f.openAccounts.count).toBe(4);
    expect(f.openAccounts.byProduct).toMatchObject({ CURRENT_ACCOUNT: 1, SAVINGS: 1, CREDIT_CARD: 1, MORTGAGE: 1, WEALTH: 0 });
    expect(f.productsHeldAtMonthEnd).toBe(3); // current account, credit card, mortgage
  });

  it('treats an account reopened after closure as open', () => {
    const reopened = event('AccountOpened', { accountId: 'S-1', product: 'SAVINGS', openedOn: '2024-01-01', currency: 'CNY', version: 3 });
    const f = figuresOf([closed('S-1', 'SAVINGS', '2024-01-01', '2025-06-30'), reopened]);
    expect(f.openAccounts.count).toBe(1);
  });
});

describe('loans at month end', () => {
  const history = [
    loanStatus('L-1', '2026-06-01T02:00:00+08:00', 1, 'CURRENT', 5_000_000),
    loanStatus('L-1', '2026-10-05T02:00:00+08:00', 2, 'DELINQUENT_60', 4_900_000, { daysPastDue: 61 }),
    loanStatus('L-1', '2026-11-04T02:00:00+08:00', 3, 'DELINQUENT_90_PLUS', 4_900_000, { daysPastDue: 91 }),
    loanStatus('L-1', '2026-11-28T02:00:00+08:00', 4, 'DEFAULT', 4_950_000, { daysPastDue: 115 }),
    loanStatus('L-1', '2026-12-15T02:00:00+08:00', 5, 'WRITTEN_OFF', 4_950_000, { daysPastDue: 132 }), // after the month
    loanStatus('L-2', '2026-03-01T02:00:00+08:00', 1, 'CURRENT', 80_000_00, { product: 'MORTGAGE' }),
    loanStatus('L-3', '2026-09-01T02:00:00+08:00', 1, 'WRITTEN_OFF', 7_000, { product: 'CREDIT_CARD' }),
  ];

  it('takes the last status change in or before the month, with where the loan stood a month earlier', () => {
    const f = figuresOf(history);
    expect(f.loans.find((l) => l.accountId === 'L-1')).toEqual({
      accountId: 'L-1',
      product: 'PERSONAL_LOAN',
      status: 'DEFAULT',
      daysPastDue: 115,
      outstandingMinor: 4_950_000,
      currency: 'CNY',
      previous: { status: 'DELINQUENT_60', daysPastDue: 61, outstandingMinor: 4_900_000, currency: 'CNY' },
      statusesEnteredInMonth: ['DELINQUENT_90_PLUS', 'DEFAULT'],
    });
  });

  it('counts exposure on live loans only: a written-off loan is no longer exposure', () => {
    expect(figuresOf(history).loanExposureMinor).toEqual({ CNY: 4_950_000 + 80_000_00 });
  });

  it('ignores loans whose first status comes after the month', () => {
    expect(figuresOf(history, '2026-02').loans).toEqual([]);
  });
});

describe('robustness', () => {
  it('reports an unreadable item instead of silently counting it as nothing, and ignores types it does not fold', () => {
    const items: StoredItem[] = [
      { PK: 'CUSTOMER#C-1', SK: 'PROFILE', type: 'PROFILE', fullName: 'Li Wei' },
      { PK: 'CUSTOMER#C-1', SK: 'TL#2026-11-02T00:00:00.000Z#e1', type: 'TRANSACTION', occurredAt: '2026-11-02T00:00:00.000Z', channel: 'CARRIER_PIGEON', amountMinor: 1, currency: 'CNY' },
    ];
    const f = monthlyFigures(items, '2026-11', SHANGHAI);
    expect(f.unreadItems).toHaveLength(1);
    expect(f.unreadItems[0]).toMatchObject({ sk: 'TL#2026-11-02T00:00:00.000Z#e1' });
    expect(f.unreadItems[0]!.reason).toMatch(/^TRANSACTION: channel: /);
  });

  it('refuses a month that is not YYYY-MM', () => {
    expect(() => monthlyFigures([], '2026-1', SHANGHAI)).toThrow(RangeError);
  });
});

describe('properties of the fold', () => {
  const day = fc.integer({ min: 0, max: 90 }).map((d) => new Date(Date.UTC(2026, 9, 1) + d * 86_400_000).toISOString().slice(0, 10));
  const at = fc
    .integer({ min: 0, max: 90 * 24 * 60 })
    .map((m) => new Date(Date.UTC(2026, 9, 1) + m * 60_000).toISOString());
  const account = fc.constantFrom('A-1', 'A-2', 'L-1');
  const anEvent: fc.Arbitrary<CoreBankingEvent> = fc.oneof(
    fc.tuple(at, fc.constantFrom('MOBILE', 'BRANCH', 'PHONE'), fc.nat(1e6), fc.constantFrom('CNY', 'USD'), fc.option(fc.nat(500), { nil: undefined })).map(
      ([t, channel, amount, currency, fee]) => posted(t, channel, amount, { currency, fee: fee === undefined ? undefined : { minor: fee, currency } }),
    ),
    fc.tuple(at, fc.constantFrom('PHONE', 'ONLINE'), fc.boolean()).map(([t, c, a]) => interaction(t, c, a)),
    fc.tuple(account, day, fc.integer({ min: -1e6, max: 1e8 })).map(([a, d, m]) => balance(a, 'SAVINGS', d, m)),
    fc.tuple(account, day).map(([a, d]) => opened(a, 'SAVINGS', d)),
    fc.tuple(at, fc.integer({ min: 1, max: 6 }), fc.constantFrom('CURRENT', 'DELINQUENT_90_PLUS', 'DEFAULT', 'REPAID'), fc.nat(1e7)).map(
      ([t, v, s, o]) => loanStatus('L-1', t, v, s, o),
    ),
  );

  it('does not depend on the order of the items', () => {
    fc.assert(
      fc.property(fc.array(anEvent, { maxLength: 40 }), fc.constantFrom('2026-10', '2026-11', '2026-12'), fc.infiniteStream(fc.nat()), (events, month, seeds) => {
        const items = storedItems(events);
        const shuffled = [...items];
        for (let i = shuffled.length - 1; i > 0; i--) {
          const j = seeds.next().value % (i + 1);
          [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
        }
        expect(monthlyFigures(shuffled, month, SHANGHAI)).toEqual(monthlyFigures(items, month, SHANGHAI));
      }),
      { numRuns: 200 },
    );
  });

  it('counts every in-month transaction once: the month counts sum to the number of transactions', () => {
    fc.assert(
      fc.property(fc.array(anEvent, { maxLength: 40 }), (events) => {
        const items = storedItems(events);
        const months = ['2026-09', '2026-10', '2026-11', '2026-12', '2027-01'];
        const counted = months
          .map((m) => monthlyFigures(items, m, SHANGHAI))
          .reduce((n, f) => n + Object.values(f.transactions).reduce((s, c) => s + c.count, 0), 0);
        expect(counted).toBe(items.filter((i) => i.type === 'TRANSACTION').length);
      }),
      { numRuns: 100 },
    );
  });
});
