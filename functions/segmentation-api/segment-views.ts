// Stored segmentation items → the API's views. Pure.
import type { StoredContribution } from '../../shared/adapters/segment-store';
import type { Aggregates, RecalibrationRun } from '../../shared/adapters/segment-index-store';
import type { CustomerSegmentView, RecalibrationView } from '../../shared/contracts/api/segments';
import { SEGMENTS, type Segment } from '../../shared/domain/segment-parameters';
import type { RelationshipManager } from '../../shared/domain/segmentation/relationship-managers';
import type { StoredAssignment, StoredHistoryEntry } from '../../shared/segmentation/stored-assignment';

export function customerSegmentView(a: StoredAssignment, history: StoredHistoryEntry[], months: StoredContribution[]): CustomerSegmentView {
  return {
    customerId: a.customerId,
    segment: a.segment,
    currency: a.currency,
    trailing12Minor: a.trailing12Minor,
    trend: a.trend,
    mvcThreshold: a.mvcThreshold,
    reasons: a.reasons,
    relationshipManager: a.manager,
    assignedAt: a.assignedAt,
    evaluatedAt: a.evaluatedAt,
    months: [...months]
      .sort((x, y) => (x.month < y.month ? -1 : 1))
      .map((m) => ({
        month: m.month,
        contributionMinor: m.contributionMinor,
        netInterestMarginMinor: m.netInterestMarginMinor,
        feeIncomeMinor: m.feeIncomeMinor,
        costToServeMinor: m.costToServeMinor,
        creditLossesMinor: m.creditLossesMinor,
      })),
    history: history.map((h) => ({
      segmentVersion: h.segmentVersion,
      segment: h.segment,
      previousSegment: h.previousSegment,
      cause: h.cause,
      trailing12Minor: h.trailing12Minor,
      mvcThresholdMinor: h.mvcThresholdMinor,
      reasons: h.reasons,
      at: h.at,
    })),
  };
}

/** Counts and totals per segment, overall and per branch, from the per-partition aggregates. */
export function segmentAnalytics(aggregates: Aggregates) {
  const overall = new Map<Segment, { customers: number; totalContributionMinor: number }>(SEGMENTS.map((s) => [s, { customers: 0, totalContributionMinor: 0 }]));
  const branches = new Map<string, Map<Segment, { customers: number; totalContributionMinor: number }>>();
  for (const [partition, a] of Object.entries(aggregates)) {
    const cut = partition.indexOf('#');
    const segment = partition.slice(0, cut) as Segment;
    const branchId = partition.slice(cut + 1);
    if (!overall.has(segment)) continue;
    const o = overall.get(segment)!;
    o.customers += a.count;
    o.totalContributionMinor += a.totalMinor;
    const b = branches.get(branchId) ?? new Map(SEGMENTS.map((s) => [s, { customers: 0, totalContributionMinor: 0 }]));
    const bs = b.get(segment)!;
    bs.customers += a.count;
    bs.totalContributionMinor += a.totalMinor;
    branches.set(branchId, b);
  }
  const list = (m: Map<Segment, { customers: number; totalContributionMinor: number }>) => [...m].map(([segment, t]) => ({ segment, ...t }));
  return {
    overall: list(overall),
    byBranch: [...branches].sort(([a], [b]) => (a < b ? -1 : 1)).map(([branchId, m]) => ({ branchId, segments: list(m) })),
  };
}

export const managerView = (m: RelationshipManager) => ({
  managerId: m.managerId,
  branchId: m.branchId,
  name: m.name,
  capacity: m.capacity,
  load: m.load,
  active: m.active,
});

export const recalibrationView = (run: RecalibrationRun): RecalibrationView => ({
  runId: run.runId,
  status: run.result ? 'DONE' : run.doneSegments === run.totalSegments ? 'FINALIZING' : 'SCANNING',
  startedAt: run.startedAt,
  scanSegments: run.totalSegments,
  scannedSegments: run.doneSegments,
  result: run.result
    ? {
        positiveContributors: run.result.positiveContributors,
        percentileMinor: run.result.percentileMinor,
        thresholdMinor: run.result.thresholdMinor,
        moveRanges: run.result.moveRanges,
        at: run.result.at,
      }
    : null,
});
