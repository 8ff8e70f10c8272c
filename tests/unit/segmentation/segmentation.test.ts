import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { contributionTrend } from '../../../shared/domain/contribution';
import { DEFAULT_SEGMENT_PARAMETERS } from '../../../shared/domain/segment-parameters';
import {
  assignSegment,
  calibrateMvcThreshold,
  movesUnderThreshold,
  mvcThreshold,
  percentile,
  type SegmentationInput,
} from '../../../shared/domain/segmentation';

const rules = DEFAULT_SEGMENT_PARAMETERS.segmentation; // floor 1,000.00; growth 25 %; HIGH/VERY_HIGH with ≤ 2 products; 90 days
const threshold = mvcThreshold(rules.mvc, 500_000); // a recalibrated 80th percentile of 5,000.00 CNY

/** A customer evaluated on 2026-12-01 for the months to 2026-11; `previous3`/`latest3` shape the trend. */
const customer = (over: Partial<SegmentationInput> & { previous3?: number; latest3?: number } = {}): SegmentationInput => {
  const { previous3 = 30_000, latest3 = 30_000, ...rest } = over;
  return {
    asOf: '2026-12-01',
    customerSince: '2020-05-01',
    trailing12Minor: 120_000,
    trend: contributionTrend({ '2026-08': previous3, '2026-11': latest3 }, '2026-11'),
    incomeBand: 'MIDDLE',
    productsHeld: 3,
    ...rest,
  };
};

describe('percentile (nearest rank)', () => {
  it('returns the smallest value with at least p % of the values at or below it', () => {
    // The worked example of the nearest-rank method: 15, 20, 35, 40, 50.
    const values = [40, 15, 50, 35, 20];
    expect([5, 30, 40, 50, 100].map((p) => percentile(values, p))).toEqual([15, 20, 20, 35, 50]);
    expect(percentile(values, 0)).toBe(15);
    expect(percentile(values, 80)).toBe(40);
    expect(percentile(values, 80.1)).toBe(50);
    expect(percentile([], 80)).toBeUndefined();
    expect(() => percentile(values, 101)).toThrow(RangeError);
  });

  it('satisfies its definition on any data', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -1e9, max: 1e9 }), { minLength: 1, maxLength: 200 }), fc.double({ min: 0, max: 100, noNaN: true }), (values, p) => {
        const v = percentile(values, p)!;
        const rank = Math.max(1, Math.ceil((p / 100) * values.length));
        expect(values).toContain(v);
        expect(values.filter((x) => x <= v).length).toBeGreaterThanOrEqual(rank);
        expect(values.filter((x) => x < v).length).toBeLessThan(rank);
      }),
    );
  });
});

describe('MVC threshold recalibration', () => {
  it('takes the percentile of positive contributors only, never below the floor', () => {
    const base = [-5_000, 0, 0, 200_000, 300_000, 400_000, 500_000, 600_000]; // 5 positive: the 80th percentile is the 4th
    expect(calibrateMvcThreshold(base, rules.mvc)).toEqual({
      positiveContributors: 5,
      percentileMinor: 500_000,
      floorMinor: 100_000,
      thresholdMinor: 500_000,
    });
    expect(calibrateMvcThreshold([10, 20, 30], rules.mvc).thresholdMinor).toBe(100_000);
    expect(calibrateMvcThreshold([-1, 0], rules.mvc)).toMatchObject({ positiveContributors: 0, percentileMinor: null, thresholdMinor: 100_000 });
  });
});

describe('BZ and the 90-day rule', () => {
  it('labels a customer BZ when the trailing contribution is below zero after 90 days of history', () => {
    const a = assignSegment(customer({ trailing12Minor: -1, customerSince: '2026-09-02' }), rules, threshold); // 90 days to 1 Dec
    expect(a.segment).toBe('BZ');
    expect(a.reasons).toEqual([{ rule: 'BZ_BELOW_ZERO', figures: { trailing12Minor: -1, historyDays: 90, minHistoryDays: 90 } }]);
  });

  it('does not label BZ with 89 days of history, and says it deferred', () => {
    const a = assignSegment(customer({ trailing12Minor: -25_000, customerSince: '2026-09-03' }), rules, threshold);
    expect(a.segment).toBe('STANDARD');
    expect(a.reasons.map((r) => r.rule)).toEqual(['BZ_DEFERRED_SHORT_HISTORY', 'STANDARD_NO_OTHER_RULE']);
    expect(a.reasons[0]!.figures).toEqual({ trailing12Minor: -25_000, historyDays: 89, minHistoryDays: 90 });
  });

  it('counts a start date after the evaluation date as no history', () => {
    expect(assignSegment(customer({ trailing12Minor: -1, customerSince: '2027-01-01' }), rules, threshold).reasons[0]!.figures.historyDays).toBe(0);
  });

  it('does not make a short-history negative customer growable, however fast it grew', () => {
    const a = assignSegment(customer({ trailing12Minor: -1, customerSince: '2026-10-01', previous3: 100, latest3: 1_000, incomeBand: 'HIGH', productsHeld: 1 }), rules, threshold);
    expect(a.segment).toBe('STANDARD');
  });
});

describe('MVC', () => {
  it('is at or above the threshold, with the figures that made the threshold', () => {
    const a = assignSegment(customer({ trailing12Minor: 500_000 }), rules, threshold);
    expect(a.segment).toBe('MVC');
    expect(a.reasons).toEqual([
      { rule: 'MVC_AT_OR_ABOVE_THRESHOLD', figures: { trailing12Minor: 500_000, thresholdMinor: 500_000, floorMinor: 100_000, percentileMinor: 500_000 } },
    ]);
    expect(assignSegment(customer({ trailing12Minor: 499_999 }), rules, threshold).segment).not.toBe('MVC');
  });

  it('takes precedence over growth', () => {
    expect(assignSegment(customer({ trailing12Minor: 600_000, previous3: 100, latest3: 1_000 }), rules, threshold).segment).toBe('MVC');
  });

  it('uses the floor before the first recalibration', () => {
    const uncalibrated = mvcThreshold(rules.mvc, null);
    expect(assignSegment(customer({ trailing12Minor: 100_000 }), rules, uncalibrated).segment).toBe('MVC');
    expect(assignSegment(customer({ trailing12Minor: 99_999 }), rules, uncalibrated).segment).toBe('STANDARD');
  });
});

describe('MGC', () => {
  it('grew exactly 25 % over the latest 3 months: growable, with the trend as its reason', () => {
    const a = assignSegment(customer({ previous3: 40_000, latest3: 50_000 }), rules, threshold);
    expect(a.segment).toBe('MGC');
    expect(a.reasons).toEqual([
      { rule: 'MGC_GROWTH', figures: { latest3Minor: 50_000, previous3Minor: 40_000, growthRatio: 0.25, minGrowthBps: 2_500 } },
    ]);
  });

  it('grew a minor unit short of 25 %: not growable', () => {
    expect(assignSegment(customer({ previous3: 40_000, latest3: 49_999 }), rules, threshold).segment).toBe('STANDARD');
  });

  it('grew from a base at or below zero: no growth rule, whatever the delta', () => {
    expect(assignSegment(customer({ previous3: 0, latest3: 50_000 }), rules, threshold).segment).toBe('STANDARD');
    expect(assignSegment(customer({ previous3: -10_000, latest3: 50_000 }), rules, threshold).segment).toBe('STANDARD');
  });

  it('is a high-income customer holding few products', () => {
    const a = assignSegment(customer({ incomeBand: 'VERY_HIGH', productsHeld: 2 }), rules, threshold);
    expect(a.segment).toBe('MGC');
    expect(a.reasons).toEqual([{ rule: 'MGC_UNDER_PENETRATED', figures: { incomeBand: 'VERY_HIGH', productsHeld: 2, maxProductsHeld: 2 } }]);
    expect(assignSegment(customer({ incomeBand: 'HIGH', productsHeld: 3 }), rules, threshold).segment).toBe('STANDARD');
    expect(assignSegment(customer({ incomeBand: 'MIDDLE', productsHeld: 1 }), rules, threshold).segment).toBe('STANDARD');
  });

  it('keeps both reasons when both apply, and admits a contribution of exactly zero', () => {
    const a = assignSegment(customer({ trailing12Minor: 0, previous3: 100, latest3: 200, incomeBand: 'HIGH', productsHeld: 0 }), rules, threshold);
    expect(a.segment).toBe('MGC');
    expect(a.reasons.map((r) => r.rule)).toEqual(['MGC_GROWTH', 'MGC_UNDER_PENETRATED']);
  });
});

describe('STANDARD', () => {
  it('explains itself with the figures no rule accepted', () => {
    const a = assignSegment(customer(), rules, threshold);
    expect(a).toMatchObject({ segment: 'STANDARD', mvcThreshold: threshold });
    expect(a.reasons).toEqual([
      {
        rule: 'STANDARD_NO_OTHER_RULE',
        figures: { trailing12Minor: 120_000, thresholdMinor: 500_000, latest3Minor: 30_000, previous3Minor: 30_000, growthRatio: 0, incomeBand: 'MIDDLE', productsHeld: 3 },
      },
    ]);
  });
});

describe('moving under a new threshold', () => {
  it('moves an MVC customer below the new threshold out, and a customer above it in; never a BZ customer', () => {
    const mvc = assignSegment(customer({ trailing12Minor: 550_000 }), rules, threshold);
    expect(movesUnderThreshold(mvc, 600_000)).toBe(true);
    expect(movesUnderThreshold(mvc, 550_000)).toBe(false);
    const standard = assignSegment(customer({ trailing12Minor: 450_000 }), rules, threshold);
    expect(movesUnderThreshold(standard, 450_000)).toBe(true);
    expect(movesUnderThreshold(standard, 450_001)).toBe(false);
    const bz = assignSegment(customer({ trailing12Minor: -5 }), rules, threshold);
    expect(movesUnderThreshold(bz, 100_000)).toBe(false);
  });

  it('says "moves" exactly when re-segmenting under the new threshold changes the segment', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -200_000, max: 2_000_000 }),
        fc.integer({ min: -50_000, max: 200_000 }),
        fc.integer({ min: -50_000, max: 200_000 }),
        fc.constantFrom('LOW', 'MIDDLE', 'HIGH', 'VERY_HIGH'),
        fc.nat(5),
        fc.integer({ min: 0, max: 400 }),
        fc.integer({ min: 1, max: 2_000_000 }),
        fc.integer({ min: 1, max: 2_000_000 }),
        (trailing, previous3, latest3, incomeBand, productsHeld, historyDays, oldPercentile, newPercentile) => {
          const since = new Date(Date.UTC(2026, 11, 1) - historyDays * 86_400_000).toISOString().slice(0, 10);
          const input = customer({ trailing12Minor: trailing, previous3, latest3, incomeBand, productsHeld, customerSince: since });
          const current = assignSegment(input, rules, mvcThreshold(rules.mvc, oldPercentile));
          const next = mvcThreshold(rules.mvc, newPercentile);
          const resegmented = assignSegment(current.input, rules, next);
          expect(movesUnderThreshold(current, next.thresholdMinor)).toBe(resegmented.segment !== current.segment);
        },
      ),
      { numRuns: 500 },
    );
  });
});
