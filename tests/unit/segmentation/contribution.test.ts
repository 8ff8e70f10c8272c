import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  contributionOf,
  contributionTrend,
  grewAtLeast,
  monthlyContribution,
  trailingContribution,
  type MonthlyContribution,
} from '../../../shared/domain/contribution';
import { monthlyFigures, type MonthlyFigures } from '../../../shared/domain/monthly-figures';
import { DEFAULT_SEGMENT_PARAMETERS as P } from '../../../shared/domain/segment-parameters';
import type { CoreBankingEvent } from '../../../shared/contracts/events';
import { balance, dailyBalances, interaction, loanStatus, opened, posted, storedItems } from './stored-items';

const figuresOf = (events: CoreBankingEvent[], month = '2026-11') =>
  monthlyFigures(storedItems(events), month, { timeZone: P.reportingTimeZone });

const priced = (figures: MonthlyFigures, parameters = P): MonthlyContribution => {
  const r = monthlyContribution(figures, parameters);
  if (!r.ok) throw new Error(r.error.reason);
  return r.value;
};

// A customer's November 2026 (30 days), priced with the documented defaults, reporting currency CNY.
const november = [
  opened('A-1', 'CURRENT_ACCOUNT', '2024-03-01'),
  ...dailyBalances('A-1', 'CURRENT_ACCOUNT', '2026-11-01', '2026-11-30', 60_000_00), // 60,000.00 CNY
  opened('S-1', 'SAVINGS', '2024-03-01', 'USD'),
  ...dailyBalances('S-1', 'SAVINGS', '2026-11-01', '2026-11-30', 10_000_00, 'USD'), // 10,000.00 USD
  ...Array.from({ length: 10 }, (_, i) => posted(`2026-11-${String(i + 10)}T12:00:00+08:00`, 'MOBILE', 100_00)),
  posted('2026-11-20T10:00:00+08:00', 'BRANCH', 5_000_00, { fee: { minor: 5_00, currency: 'CNY' } }),
  posted('2026-11-21T10:00:00+08:00', 'BRANCH', 1_000_00, { currency: 'USD', fee: { minor: 2_00, currency: 'USD' } }),
  interaction('2026-11-22T10:00:00+08:00', 'PHONE', true),
  interaction('2026-11-23T10:00:00+08:00', 'PHONE', false),
];

describe('contribution of one month, term by term', () => {
  const c = priced(figuresOf(november));

  it('net interest margin: average balance × annual margin ÷ 12, per product, in CNY', () => {
    const current = (60_000_00 * 0.02) / 12; // 100.00 CNY
    const savings = (10_000_00 * 7.1 * 0.015) / 12; // 10,000 USD = 71,000 CNY at 1.5 %: 88.75 CNY
    expect(c.lines.netInterestMargin).toEqual([
      { product: 'CURRENT_ACCOUNT', averageBalanceMinor: 60_000_00, marginBps: 200, amountMinor: current },
      { product: 'SAVINGS', averageBalanceMinor: 71_000_00, marginBps: 150, amountMinor: savings },
    ]);
    expect(c.netInterestMarginMinor).toBe(current + savings);
  });

  it('fee income: fees charged on posted transactions, converted', () => {
    expect(c.feeIncomeMinor).toBe(5_00 + 2_00 * 7.1);
  });

  it('cost to serve: each contact at its unit cost (PHONE with an agent at the agent cost, without at the IVR cost) plus servicing per open account', () => {
    expect(c.lines.contacts).toEqual([
      { costClass: 'MOBILE', count: 10, unitCostMinor: 8, amountMinor: 80 },
      { costClass: 'PHONE_IVR', count: 1, unitCostMinor: 125, amountMinor: 125 },
      { costClass: 'CALL_CENTRE_AGENT', count: 1, unitCostMinor: 375, amountMinor: 375 },
      { costClass: 'BRANCH_TELLER', count: 2, unitCostMinor: 400, amountMinor: 800 },
    ]);
    expect(c.lines.servicing).toEqual({ openAccounts: 2, unitCostMinor: 150, amountMinor: 300 });
    expect(c.costToServeMinor).toBe(80 + 125 + 375 + 800 + 300);
  });

  it('credit losses: none without a delinquent loan; the contribution is the formula over the terms', () => {
    expect(c.creditLossesMinor).toBe(0);
    expect(c.contributionMinor).toBe(100_00 + 88_75 + (5_00 + 14_20) - 16_80);
    expect(c.currency).toBe('CNY');
  });

  it('goes below zero when a loan turns 90+ days past due: 20 % of the outstanding is provided', () => {
    const withLoan = priced(
      figuresOf([
        ...november,
        loanStatus('L-1', '2026-10-02T02:00:00+08:00', 1, 'CURRENT', 42_000_00),
        loanStatus('L-1', '2026-11-04T02:00:00+08:00', 2, 'DELINQUENT_90_PLUS', 42_000_00, { daysPastDue: 90 }),
      ]),
    );
    expect(withLoan.creditLossesMinor).toBe(42_000_00 * 0.2);
    expect(withLoan.lines.creditLosses).toEqual([
      { accountId: 'L-1', product: 'PERSONAL_LOAN', status: 'DELINQUENT_90_PLUS', previousStatus: 'CURRENT', amountMinor: 8_400_00 },
    ]);
    expect(withLoan.contributionMinor).toBe(c.contributionMinor - 8_400_00);
    expect(withLoan.contributionMinor).toBeLessThan(0);
  });
});

describe('credit losses over a loan’s life', () => {
  const life = [
    loanStatus('L-1', '2026-09-10T02:00:00+08:00', 1, 'CURRENT', 10_000_00),
    loanStatus('L-1', '2026-10-10T02:00:00+08:00', 2, 'DELINQUENT_90_PLUS', 10_000_00),
    loanStatus('L-1', '2026-11-10T02:00:00+08:00', 3, 'DEFAULT', 10_000_00),
    loanStatus('L-1', '2026-12-10T02:00:00+08:00', 4, 'WRITTEN_OFF', 10_000_00),
  ];
  const loss = (month: string, events = life) => priced(figuresOf(events, month)).creditLossesMinor;

  it('charges the change in provision each month, so the whole life provides 100 %, not 20 + 60 + 100 %', () => {
    expect([loss('2026-10'), loss('2026-11'), loss('2026-12')]).toEqual([2_000_00, 4_000_00, 4_000_00]);
    expect(loss('2027-01')).toBe(0);
  });

  it('provides at once for several transitions inside one month', () => {
    const fast = [life[0]!, { ...life[1]!, detail: { ...life[1]!.detail, occurredAt: '2026-11-01T02:00:00+08:00' } } as CoreBankingEvent, life[2]!];
    expect(loss('2026-11', fast)).toBe(6_000_00);
  });

  it('releases the provision when the loan is repaid: a negative credit loss', () => {
    const repaid = [...life.slice(0, 2), loanStatus('L-1', '2026-11-20T02:00:00+08:00', 3, 'REPAID', 0)];
    expect(loss('2026-11', repaid)).toBe(-2_000_00);
  });
});

describe('currencies', () => {
  it('converts JPY, which has no minor unit', () => {
    const c = priced(figuresOf([...dailyBalances('W-1', 'WEALTH', '2026-11-01', '2026-11-30', 1_000_000, 'JPY')]));
    // 1,000,000 JPY × 0.047 = 47,000.00 CNY; × 0.9 % ÷ 12 = 35.25 CNY
    expect(c.lines.netInterestMargin).toEqual([{ product: 'WEALTH', averageBalanceMinor: 47_000_00, marginBps: 90, amountMinor: 35_25 }]);
  });

  it('rejects a month with an unconfigured currency, naming every such currency and why', () => {
    const r = monthlyContribution(
      figuresOf([
        posted('2026-11-03T10:00:00+08:00', 'ONLINE', 100, { currency: 'XYZ', fee: { minor: 10, currency: 'XYZ' } }),
        loanStatus('L-1', '2026-11-04T02:00:00+08:00', 1, 'DEFAULT', 5_000, { currency: 'ABC' }),
      ]),
      P,
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.problems.map((p) => [p.code, p.currency])).toEqual([
      ['UNKNOWN_CURRENCY', 'XYZ'],
      ['UNKNOWN_CURRENCY', 'ABC'],
    ]);
    expect(r.error.reason).toBe(
      'contribution for 2026-11 not computed: XYZ: no conversion rate from XYZ to CNY is configured; ABC: no conversion rate from ABC to CNY is configured',
    );
  });
});

describe('rounding', () => {
  it('rounds each margin line half to even: 300 fen at 2 % for a month is 0.5 fen → 0, 900 fen is 1.5 → 2', () => {
    const margin = (minor: number) =>
      priced(figuresOf(dailyBalances('A-1', 'CURRENT_ACCOUNT', '2026-11-01', '2026-11-30', minor))).netInterestMarginMinor;
    expect([margin(300), margin(900)]).toEqual([0, 2]);
  });
});

describe('properties', () => {
  const anyFigures = fc
    .record({
      balances: fc.array(fc.tuple(fc.constantFrom('CURRENT_ACCOUNT', 'SAVINGS', 'MORTGAGE'), fc.integer({ min: -1e6, max: 1e10 }), fc.constantFrom('CNY', 'USD', 'JPY')), { maxLength: 4 }),
      contacts: fc.array(fc.tuple(fc.constantFrom('MOBILE', 'BRANCH', 'PHONE', 'ATM'), fc.boolean()), { maxLength: 30 }),
      fees: fc.array(fc.tuple(fc.nat(10_000), fc.constantFrom('CNY', 'USD', 'JPY')), { maxLength: 5 }),
      loan: fc.option(fc.tuple(fc.constantFrom('CURRENT', 'DELINQUENT_90_PLUS', 'DEFAULT'), fc.constantFrom('DEFAULT', 'WRITTEN_OFF', 'REPAID'), fc.nat(1e9)), { nil: undefined }),
    })
    .map(({ balances, contacts, fees, loan }) =>
      figuresOf([
        ...balances.map(([product, minor, currency], i) => balance(`B-${i}`, product, '2026-11-15', minor, currency)),
        ...contacts.map(([channel, agent], i) => (i % 2 ? interaction('2026-11-05T10:00:00Z', channel, agent) : posted('2026-11-05T10:00:00Z', channel, 1))),
        ...fees.map(([fee, currency]) => posted('2026-11-06T10:00:00Z', 'ONLINE', 1, { currency, fee: { minor: fee, currency } })),
        ...(loan
          ? [loanStatus('L-1', '2026-10-05T10:00:00Z', 1, loan[0], loan[2]), loanStatus('L-1', '2026-11-05T10:00:00Z', 2, loan[1], loan[1] === 'REPAID' ? 0 : loan[2])]
          : []),
      ]),
    );

  it('is additive: contribution = margin + fees − cost to serve − credit losses, and each term is the sum of its lines', () => {
    fc.assert(
      fc.property(anyFigures, (figures) => {
        const c = priced(figures);
        const sum = (xs: { amountMinor: number }[]) => xs.reduce((s, x) => s + x.amountMinor, 0);
        expect(c.contributionMinor).toBe(c.netInterestMarginMinor + c.feeIncomeMinor - c.costToServeMinor - c.creditLossesMinor);
        expect(c.netInterestMarginMinor).toBe(sum(c.lines.netInterestMargin));
        expect(c.feeIncomeMinor).toBe(sum(c.lines.feeIncome));
        expect(c.costToServeMinor).toBe(sum(c.lines.contacts) + c.lines.servicing.amountMinor);
        expect(c.creditLossesMinor).toBe(sum(c.lines.creditLosses));
        expect(Number.isSafeInteger(c.contributionMinor)).toBe(true);
      }),
      { numRuns: 150 },
    );
  });

  it('a dearer channel never raises the contribution', () => {
    fc.assert(
      fc.property(anyFigures, fc.nat(1_000), (figures, extra) => {
        const dearer = { ...P, contribution: { ...P.contribution, unitCostMinor: { ...P.contribution.unitCostMinor, BRANCH_TELLER: 400 + extra } } };
        expect(priced(figures, dearer).contributionMinor).toBeLessThanOrEqual(priced(figures).contributionMinor);
      }),
      { numRuns: 50 },
    );
  });
});

describe('trailing 12 months and the 3-month trend', () => {
  const history = {
    '2025-11': 1_000_000, // 13 months back from 2026-11: outside the window
    '2025-12': 100,
    '2026-05': 200,
    '2026-06': 300,
    '2026-07': 400,
    '2026-08': 500,
    '2026-09': 600,
    '2026-10': -50,
    '2026-11': 150,
    '2026-12': 9_999, // after the evaluation month
  };

  it('sums the 12 months ending with the evaluation month, counting a missing month as zero', () => {
    expect(contributionOf({ netInterestMarginMinor: 5, feeIncomeMinor: 3, costToServeMinor: 4, creditLossesMinor: 10 })).toBe(-6);
    expect(trailingContribution(history, '2026-11')).toEqual({
      fromMonth: '2025-12',
      toMonth: '2026-11',
      totalMinor: 100 + 200 + 300 + 400 + 500 + 600 - 50 + 150,
      monthsWithFigures: 8,
    });
  });

  it('compares the latest 3 months with the 3 before, as a delta and a ratio', () => {
    const t = contributionTrend(history, '2026-11');
    expect(t.latest).toMatchObject({ fromMonth: '2026-09', toMonth: '2026-11', totalMinor: 700 });
    expect(t.previous).toMatchObject({ fromMonth: '2026-06', toMonth: '2026-08', totalMinor: 1_200 });
    expect(t.deltaMinor).toBe(-500);
    expect(t.growthRatio).toBeCloseTo(-500 / 1_200, 12);
  });

  it('has no ratio, and no growth, when the 3 months before were at or below zero', () => {
    for (const previous of [0, -300]) {
      const t = contributionTrend({ '2026-05': previous, '2026-08': 1_000 }, '2026-08');
      expect(t.growthRatio).toBeNull();
      expect(t.deltaMinor).toBe(1_000 - previous);
      expect(grewAtLeast(t, 2_500)).toBe(false);
    }
  });

  it('decides 25 % growth on integers: exactly 25 % qualifies, a minor unit less does not', () => {
    const trend = (latest: number) => contributionTrend({ '2026-05': 400, '2026-08': latest }, '2026-08');
    expect(grewAtLeast(trend(500), 2_500)).toBe(true);
    expect(grewAtLeast(trend(499), 2_500)).toBe(false);
    // 0.1 + 0.2 style pitfalls: 25 % of 1,000,000,003 is not an integer, 1,250,000,004 is just above it
    const big = (latest: number) => contributionTrend({ '2026-05': 1_000_000_003, '2026-08': latest }, '2026-08');
    expect(grewAtLeast(big(1_250_000_004), 2_500)).toBe(true);
    expect(grewAtLeast(big(1_250_000_003), 2_500)).toBe(false);
  });
});
