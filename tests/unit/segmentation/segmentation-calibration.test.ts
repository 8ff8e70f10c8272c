// The exact nearest-rank percentile from partial histograms plus one bucket's values, against the
// direct definition (segmentation.ts percentile) on generated bases split across scan segments.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { percentile } from '../../../shared/domain/segmentation';
import {
  addToHistogram,
  bucketOf,
  bucketWidth,
  locateRank,
  mergeHistograms,
  percentileInBucket,
  type Histogram,
} from '../../../shared/domain/segmentation/mvc-calibration';
import { affectedMonths } from '../../../shared/domain/segmentation/affected-months';

describe('histogram buckets', () => {
  it('hold their value, are exact below 128 and at most 1/128 wide above', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }), (v) => {
        const lo = bucketOf(v);
        const w = bucketWidth(lo);
        expect(lo <= v && v < lo + w).toBe(true);
        if (v < 128) expect(w).toBe(1);
        else expect(w / lo).toBeLessThanOrEqual(1 / 128);
        expect(bucketOf(lo)).toBe(lo);
      }),
    );
  });
});

describe('percentile from merged partial histograms', () => {
  it('equals the nearest-rank percentile of the positive values, however the scan was split', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.integer({ min: -5_000_000, max: 50_000_000 }), fc.integer({ min: 1, max: 300 })), { minLength: 0, maxLength: 400 }),
        fc.integer({ min: 1, max: 8 }),
        fc.integer({ min: 0, max: 100 }),
        (values, segments, p) => {
          const parts: Histogram[] = Array.from({ length: segments }, () => ({}));
          values.forEach((v, i) => addToHistogram(parts[i % segments]!, v));
          const location = locateRank(mergeHistograms(parts), p);
          const positives = values.filter((v) => v > 0);
          const expected = percentile(positives, p);
          if (location.kind === 'none') {
            expect(expected).toBeUndefined();
            return;
          }
          // What the key-range Query on the index returns: every value in the bucket, any order.
          const inBucket = values.filter((v) => v >= location.lo && v < location.hi).reverse();
          expect(percentileInBucket(location, inBucket)).toBe(expected);
          expect(location.positiveContributors).toBe(positives.length);
        },
      ),
    );
  });
});

describe('months a changed item affects', () => {
  const tz = 'Asia/Shanghai';
  it('places instants in the reporting time zone and dates as written', () => {
    expect(affectedMonths('TL#2026-10-31T16:30:00.000Z#e1', '2026-11', tz)).toEqual(['2026-11']); // 00:30 on 1 Nov in Shanghai
    expect(affectedMonths('TL#2026-10-31T15:30:00.000Z#e1', '2026-11', tz)).toEqual(['2026-10']);
    expect(affectedMonths('BAL#2026-09-30#A-1', '2026-11', tz)).toEqual(['2026-09']);
  });
  it('re-prices the month after a loan status change, but never a month to come or past the trailing year', () => {
    expect(affectedMonths('LOAN#2026-09-10T00:00:00.000Z#e', '2026-11', tz)).toEqual(['2026-09', '2026-10']);
    expect(affectedMonths('LOAN#2026-11-10T00:00:00.000Z#e', '2026-11', tz)).toEqual(['2026-11']);
    expect(affectedMonths('TL#2025-10-10T00:00:00.000Z#e', '2026-11', tz)).toEqual([]);
  });
  it('re-evaluates the current month for account and profile changes, and ignores its own items', () => {
    expect(affectedMonths('ACCOUNT#A-1', '2026-11', tz)).toEqual(['2026-11']);
    expect(affectedMonths('PROFILE', '2026-11', tz)).toEqual(['2026-11']);
    expect(affectedMonths('CONTRIB#2026-11', '2026-11', tz)).toEqual([]);
    expect(affectedMonths('SEGMENT', '2026-11', tz)).toEqual([]);
  });
});
