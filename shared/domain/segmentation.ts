// Which segment a customer is in, and why (MISSION.md, Segments). Rules, in order:
//
//   BZ        trailing 12-month contribution below zero, once the customer has 90 days of history
//   MVC       trailing contribution at or above the MVC threshold = max(floor, percentile of positive
//             contributors at the last recalibration)
//   MGC       not MVC, trailing contribution at or above zero, and high potential: the latest 3 months
//             grew at least 25 % over the 3 before, or a high income band with few products held
//   STANDARD  everyone else
//
// Every assignment carries its reasons (rule id and the figures it used) and the inputs it was made
// from, so that history can be explained later and a new threshold can be applied without re-reading
// the customer's figures.
import type { CustomerProfile } from '../contracts/events';
import { grewAtLeast, type ContributionTrend } from './contribution';
import type { Segment, SegmentationRules } from './segment-parameters';
import { daysBetween } from './segmentation/reporting-calendar';

export type SegmentRule =
  | 'BZ_BELOW_ZERO'
  | 'BZ_DEFERRED_SHORT_HISTORY'
  | 'MVC_AT_OR_ABOVE_THRESHOLD'
  | 'MGC_GROWTH'
  | 'MGC_UNDER_PENETRATED'
  | 'STANDARD_NO_OTHER_RULE';

export type SegmentReason = {
  rule: SegmentRule;
  /** The figures the rule compared; money in reporting-currency minor units. */
  figures: Record<string, number | string | null>;
};

export type SegmentationInput = {
  /** The evaluation date (YYYY-MM-DD), passed in: the domain has no clock. */
  asOf: string;
  /** When the relationship started (profile.customerSince). */
  customerSince: string;
  trailing12Minor: number;
  trend: ContributionTrend;
  incomeBand: CustomerProfile['incomeBand'];
  /** Distinct products of the accounts open at the latest month end. */
  productsHeld: number;
};

/** The threshold in force and what it was made of, kept with each assignment. */
export type MvcThreshold = { thresholdMinor: number; floorMinor: number; percentileMinor: number | null };

export type SegmentAssignment = {
  segment: Segment;
  reasons: SegmentReason[];
  mvcThreshold: MvcThreshold;
  input: SegmentationInput;
};

/**
 * Nearest-rank percentile: the smallest value v in `values` such that at least p % of the values are
 * ≤ v (rank ⌈p/100 × n⌉ in ascending order; p = 0 gives the minimum). No interpolation: the result is
 * always some customer's actual contribution, an integer needing no rounding rule, and an order
 * statistic that a parallel scan can find exactly (count per bucket, then look inside one bucket).
 * Undefined for no values.
 */
export function percentile(values: Iterable<number>, p: number): number | undefined {
  if (!(p >= 0 && p <= 100)) throw new RangeError(`percentile ${p} is not within 0..100`);
  const sorted = Float64Array.from(values).sort();
  if (sorted.length === 0) return undefined;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1];
}

/** The MVC threshold from the rules and the percentile found at the last recalibration (null: none yet). */
export function mvcThreshold(rules: SegmentationRules['mvc'], percentileMinor: number | null): MvcThreshold {
  return {
    thresholdMinor: Math.max(rules.floorMinor, percentileMinor ?? rules.floorMinor),
    floorMinor: rules.floorMinor,
    percentileMinor,
  };
}

/** Recalibration over the whole base: the percentile of the positive trailing contributions. */
export function calibrateMvcThreshold(trailingContributions: Iterable<number>, rules: SegmentationRules['mvc']) {
  const positive: number[] = [];
  for (const c of trailingContributions) if (c > 0) positive.push(c);
  const p = percentile(positive, rules.percentile) ?? null;
  return { positiveContributors: positive.length, ...mvcThreshold(rules, p) };
}

export function assignSegment(input: SegmentationInput, rules: SegmentationRules, threshold: MvcThreshold): SegmentAssignment {
  const assigned = (segment: Segment, reasons: SegmentReason[]): SegmentAssignment => ({ segment, reasons, mvcThreshold: threshold, input });
  const trailing = input.trailing12Minor;
  // A start date after the evaluation date is no history at all, not negative history.
  const historyDays = Math.max(0, daysBetween(input.customerSince, input.asOf));
  const deferred: SegmentReason[] = [];

  if (trailing < 0) {
    const figures = { trailing12Minor: trailing, historyDays, minHistoryDays: rules.bz.minHistoryDays };
    if (historyDays >= rules.bz.minHistoryDays) return assigned('BZ', [{ rule: 'BZ_BELOW_ZERO', figures }]);
    deferred.push({ rule: 'BZ_DEFERRED_SHORT_HISTORY', figures });
  }

  if (trailing >= threshold.thresholdMinor) {
    return assigned('MVC', [
      {
        rule: 'MVC_AT_OR_ABOVE_THRESHOLD',
        figures: {
          trailing12Minor: trailing,
          thresholdMinor: threshold.thresholdMinor,
          floorMinor: threshold.floorMinor,
          percentileMinor: threshold.percentileMinor,
        },
      },
    ]);
  }

  if (trailing >= 0) {
    const potential: SegmentReason[] = [];
    if (grewAtLeast(input.trend, rules.mgc.minGrowthBps)) {
      potential.push({
        rule: 'MGC_GROWTH',
        figures: {
          latest3Minor: input.trend.latest.totalMinor,
          previous3Minor: input.trend.previous.totalMinor,
          growthRatio: input.trend.growthRatio,
          minGrowthBps: rules.mgc.minGrowthBps,
        },
      });
    }
    if (rules.mgc.highIncomeBands.includes(input.incomeBand) && input.productsHeld <= rules.mgc.maxProductsHeld) {
      potential.push({
        rule: 'MGC_UNDER_PENETRATED',
        figures: { incomeBand: input.incomeBand, productsHeld: input.productsHeld, maxProductsHeld: rules.mgc.maxProductsHeld },
      });
    }
    if (potential.length > 0) return assigned('MGC', potential);
  }

  return assigned('STANDARD', [
    ...deferred,
    {
      rule: 'STANDARD_NO_OTHER_RULE',
      figures: {
        trailing12Minor: trailing,
        thresholdMinor: threshold.thresholdMinor,
        latest3Minor: input.trend.latest.totalMinor,
        previous3Minor: input.trend.previous.totalMinor,
        growthRatio: input.trend.growthRatio,
        incomeBand: input.incomeBand,
        productsHeld: input.productsHeld,
      },
    },
  ]);
}

/**
 * Whether a new MVC threshold moves this customer: only the MVC line depends on it, so a customer moves
 * exactly when their trailing contribution falls on the other side of the new threshold than their
 * segment says. BZ customers never move (a threshold is above zero). Cheap: a recalibration scan
 * re-segments (assignSegment) only the customers for whom this is true.
 */
export function movesUnderThreshold(current: SegmentAssignment, newThresholdMinor: number): boolean {
  const qualifies = current.input.trailing12Minor >= newThresholdMinor && current.segment !== 'BZ';
  return qualifies !== (current.segment === 'MVC');
}

/** Whether two assignments differ in what is published: the segment. Reasons alone changing is not news. */
export const segmentChanged = (before: SegmentAssignment | undefined, after: SegmentAssignment) => before?.segment !== after.segment;
