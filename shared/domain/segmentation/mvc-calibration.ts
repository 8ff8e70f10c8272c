// The MVC percentile found exactly from a parallel scan, without ever holding the whole base.
//
// Nearest-rank needs the value at rank r = ⌈p/100 × n⌉ among the n positive contributions. Workers
// scanning disjoint segments of the segment index each build a histogram of positive values in
// log-linear buckets (exact below 2^7, then 128 buckets per power of two: at most 0.8 % wide). Merged
// histograms give n, r, the bucket holding rank r, and how many values lie below that bucket. Only
// that bucket's values are then read, by a key-range Query on the index (its sort key is the value),
// and the answer is the (r − below)-th of them in order: exact, at the cost of one scan plus reading
// one narrow bucket, whatever the size of the base.
import { mvcThreshold, type MvcThreshold } from '../segmentation';
import type { SegmentationRules } from '../segment-parameters';

const MANTISSA_BITS = 7;

/** Lower bound of the bucket holding `value` (a positive integer). */
export function bucketOf(value: number): number {
  if (!Number.isSafeInteger(value) || value <= 0) throw new RangeError(`bucketOf(${value}): only positive integers have buckets`);
  const exponent = exponentOf(value);
  if (exponent < MANTISSA_BITS) return value;
  const width = 2 ** (exponent - MANTISSA_BITS);
  return Math.floor(value / width) * width;
}

/** ⌊log2 v⌋ exactly: Math.log2 rounds up just below large powers of two. */
function exponentOf(v: number): number {
  let e = Math.floor(Math.log2(v));
  while (2 ** e > v) e -= 1;
  while (2 ** (e + 1) <= v) e += 1;
  return e;
}

/** Width of the bucket whose lower bound is `lo`: values lo … lo + width − 1 fall in it. */
export function bucketWidth(lo: number): number {
  const exponent = exponentOf(lo);
  return exponent < MANTISSA_BITS ? 1 : 2 ** (exponent - MANTISSA_BITS);
}

/** Counts per bucket lower bound. */
export type Histogram = Record<string, number>;

export function addToHistogram(h: Histogram, value: number): void {
  if (value <= 0) return; // only positive contributors set the threshold
  const key = String(bucketOf(value));
  h[key] = (h[key] ?? 0) + 1;
}

export function mergeHistograms(parts: Iterable<Histogram>): Histogram {
  const out: Histogram = {};
  for (const h of parts) for (const [k, n] of Object.entries(h)) out[k] = (out[k] ?? 0) + n;
  return out;
}

export type RankLocation =
  | { kind: 'none'; positiveContributors: 0 }
  | {
      kind: 'bucket';
      positiveContributors: number;
      rank: number;
      /** Values lo … hi − 1 hold the rank; `rankInBucket` is its 1-based place among them, ascending. */
      lo: number;
      hi: number;
      rankInBucket: number;
    };

/** Where the nearest-rank p-th percentile lies, from the merged histogram. */
export function locateRank(histogram: Histogram, p: number): RankLocation {
  if (!(p >= 0 && p <= 100)) throw new RangeError(`percentile ${p} is not within 0..100`);
  const buckets = Object.entries(histogram)
    .map(([k, n]) => [Number(k), n] as const)
    .filter(([, n]) => n > 0)
    .sort((a, b) => a[0] - b[0]);
  const n = buckets.reduce((s, [, c]) => s + c, 0);
  if (n === 0) return { kind: 'none', positiveContributors: 0 };
  const rank = Math.max(1, Math.ceil((p / 100) * n));
  let below = 0;
  for (const [lo, count] of buckets) {
    if (below + count >= rank) return { kind: 'bucket', positiveContributors: n, rank, lo, hi: lo + bucketWidth(lo), rankInBucket: rank - below };
    below += count;
  }
  throw new Error('unreachable: rank within the total');
}

/** The exact percentile from the values read in the located bucket (any order). */
export function percentileInBucket(location: Extract<RankLocation, { kind: 'bucket' }>, valuesInBucket: number[]): number {
  const inside = valuesInBucket.filter((v) => v >= location.lo && v < location.hi).sort((a, b) => a - b);
  const value = inside[location.rankInBucket - 1];
  if (value === undefined) {
    // The index changed between the scan and the read (re-evaluations go on meanwhile): the bucket
    // holds fewer values than counted. Take the nearest available one rather than fail the run.
    if (inside.length === 0) return location.lo;
    return inside[inside.length - 1]!;
  }
  return value;
}

/** The new threshold and what it was made of. */
export function calibratedThreshold(rules: SegmentationRules['mvc'], percentileMinor: number | null): MvcThreshold {
  return mvcThreshold(rules, percentileMinor);
}
