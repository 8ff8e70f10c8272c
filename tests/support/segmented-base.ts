// A deterministic customer base for recalibration: the 10,000-customer test and the benchmark seed the
// same one. Pure, so the benchmark can use it outside vitest.
import { assignSegment, type MvcThreshold, type SegmentationInput } from '../../shared/domain/segmentation';
import { DEFAULT_SEGMENT_PARAMETERS } from '../../shared/domain/segment-parameters';
import { nextStoredAssignment, type StoredAssignment } from '../../shared/segmentation/stored-assignment';

/** Customer i's trailing contribution: 10 % below zero, the rest spread over four orders of magnitude. */
export function trailingOf(i: number): number {
  const u = ((i * 2_654_435_761) % 4_294_967_296) / 4_294_967_296;
  if (i % 10 === 0) return -Math.round(u * 50_000);
  return Math.round(10 ** (3 + 4 * u));
}

/** Customer i as segmentation sees it: one in seven with a high income, no trend, one product. */
export const inputOf = (i: number): SegmentationInput => ({
  asOf: '2026-11-01',
  customerSince: '2020-01-01',
  trailing12Minor: trailingOf(i),
  trend: {
    latest: { fromMonth: '2026-09', toMonth: '2026-11', totalMinor: 0, monthsWithFigures: 3 },
    previous: { fromMonth: '2026-06', toMonth: '2026-08', totalMinor: 0, monthsWithFigures: 3 },
    deltaMinor: 0,
    growthRatio: null,
  },
  incomeBand: i % 7 === 0 ? 'HIGH' : 'MIDDLE',
  productsHeld: 1,
});

/**
 * Customer i's assignment as a previous recalibration under `threshold` left it, its change already
 * published; home branch BR-(i mod branches).
 */
export const seededAssignment = (i: number, threshold: MvcThreshold, branches: number): StoredAssignment => ({
  ...nextStoredAssignment(undefined, {
    customerId: `C-${String(i).padStart(7, '0')}`,
    assignment: assignSegment(inputOf(i), DEFAULT_SEGMENT_PARAMETERS.segmentation, threshold),
    branchId: `BR-${i % branches}`,
    currency: 'CNY',
    manager: { kind: 'TEAM_QUEUE' },
    cause: 'FIGURES_CHANGED',
    now: '2026-11-01T00:00:00.000Z',
  }),
  publishedVersion: 1,
});
