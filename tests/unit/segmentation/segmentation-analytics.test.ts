// Analytics from the recalibration's per-partition aggregates: counts and totals per segment, overall
// and by branch, every segment listed even when empty, and the sums agree.
import { describe, expect, it } from 'vitest';
import { segmentAnalytics } from '../../../functions/segmentation-api/segment-views';

describe('segment analytics', () => {
  const aggregates = {
    'MVC#BR-1': { count: 2, totalMinor: 3_000_000 },
    'BZ#BR-1': { count: 1, totalMinor: -5_000 },
    'MVC#BR-2': { count: 1, totalMinor: 1_000_000 },
    'STANDARD#BR-2': { count: 4, totalMinor: 40_000 },
  };

  it('adds branches up to the overall figures', () => {
    const a = segmentAnalytics(aggregates);
    expect(a.overall).toEqual([
      { segment: 'MVC', customers: 3, totalContributionMinor: 4_000_000 },
      { segment: 'MGC', customers: 0, totalContributionMinor: 0 },
      { segment: 'STANDARD', customers: 4, totalContributionMinor: 40_000 },
      { segment: 'BZ', customers: 1, totalContributionMinor: -5_000 },
    ]);
    expect(a.byBranch.map((b) => b.branchId)).toEqual(['BR-1', 'BR-2']);
    for (const s of a.overall) {
      const fromBranches = a.byBranch.flatMap((b) => b.segments).filter((x) => x.segment === s.segment);
      expect(fromBranches.reduce((n, x) => n + x.customers, 0)).toBe(s.customers);
      expect(fromBranches.reduce((n, x) => n + x.totalContributionMinor, 0)).toBe(s.totalContributionMinor);
    }
  });

  it('keeps branch ids that contain the separator whole', () => {
    expect(segmentAnalytics({ 'MGC#BR#9': { count: 1, totalMinor: 7 } }).byBranch[0]!.branchId).toBe('BR#9');
  });
});
