// The customer's current segment assignment as the SEGMENT item holds it, and its history items.
// Pure: building the item from a domain assignment, and the CustomerSegmentChanged event from an item.
import type { ContributionTrend } from '../domain/contribution';
import type { SegmentAssignment } from '../domain/segmentation';
import type { Segment } from '../domain/segment-parameters';
import type { ManagerAssignment } from '../domain/segmentation/relationship-managers';
import {
  SEGMENT_SK,
  customerPk,
  segmentHistorySk,
  segmentPartition,
  segmentShardOf,
  SEGMENT_INDEX_PK,
  SEGMENT_INDEX_SK,
  SEGMENT_SHARD_INDEX_PK,
} from '../domain/segment-record-keys';
import type { CustomerSegmentChanged } from '../contracts/events/segment-changed';
import { permittedContacts, type StoredConsent } from '../domain/marketing-consent';

export type SegmentChangeCause = CustomerSegmentChanged['cause'];

export type StoredAssignment = {
  PK: string;
  SK: typeof SEGMENT_SK;
  type: 'SEGMENT_ASSIGNMENT';
  customerId: string;
  segment: Segment;
  reasons: SegmentAssignment['reasons'];
  input: SegmentAssignment['input'];
  mvcThreshold: SegmentAssignment['mvcThreshold'];
  trailing12Minor: number;
  trend: { latest3Minor: number; previous3Minor: number; deltaMinor: number; growthRatio: number | null };
  currency: string;
  branchId: string;
  manager: ManagerAssignment;
  managerId?: string;
  /** Every write of this item increments it: the optimistic lock. */
  version: number;
  /** Increments with every change of segment: numbers the history items and the published events. */
  segmentVersion: number;
  /** The highest segmentVersion whose event is on the bus. Below segmentVersion: publish pending. */
  publishedVersion: number;
  previousSegment: Segment | null;
  cause: SegmentChangeCause;
  /** When the segment last changed. */
  assignedAt: string;
  evaluatedAt: string;
  segmentPartition: string;
  segmentShard: string;
  segmentContribution: number;
};

export type StoredHistoryEntry = {
  PK: string;
  SK: string;
  type: 'SEGMENT_HISTORY';
  customerId: string;
  segmentVersion: number;
  segment: Segment;
  previousSegment: Segment | null;
  reasons: SegmentAssignment['reasons'];
  trailing12Minor: number;
  mvcThresholdMinor: number;
  manager: ManagerAssignment;
  cause: SegmentChangeCause;
  at: string;
};

export const trendSummary = (t: ContributionTrend): StoredAssignment['trend'] => ({
  latest3Minor: t.latest.totalMinor,
  previous3Minor: t.previous.totalMinor,
  deltaMinor: t.deltaMinor,
  growthRatio: t.growthRatio,
});

export type NextAssignment = {
  customerId: string;
  assignment: SegmentAssignment;
  branchId: string;
  currency: string;
  manager: ManagerAssignment;
  cause: SegmentChangeCause;
  now: string;
};

/** The item after this evaluation, given the one before (undefined for a customer's first). */
export function nextStoredAssignment(before: StoredAssignment | undefined, next: NextAssignment): StoredAssignment {
  const { assignment: a } = next;
  const changed = before?.segment !== a.segment;
  const segmentVersion = (before?.segmentVersion ?? 0) + (changed ? 1 : 0);
  return {
    PK: customerPk(next.customerId),
    SK: SEGMENT_SK,
    type: 'SEGMENT_ASSIGNMENT',
    customerId: next.customerId,
    segment: a.segment,
    reasons: a.reasons,
    input: a.input,
    mvcThreshold: a.mvcThreshold,
    trailing12Minor: a.input.trailing12Minor,
    trend: trendSummary(a.input.trend),
    currency: next.currency,
    branchId: next.branchId,
    manager: next.manager,
    ...(next.manager.kind === 'NAMED' ? { managerId: next.manager.managerId } : {}),
    version: (before?.version ?? 0) + 1,
    segmentVersion,
    publishedVersion: before?.publishedVersion ?? 0,
    previousSegment: changed ? (before?.segment ?? null) : (before?.previousSegment ?? null),
    cause: changed ? next.cause : (before?.cause ?? next.cause),
    assignedAt: changed ? next.now : before!.assignedAt,
    evaluatedAt: next.now,
    [SEGMENT_INDEX_PK]: segmentPartition(a.segment, next.branchId),
    [SEGMENT_SHARD_INDEX_PK]: segmentShardOf(a.segment, next.customerId),
    [SEGMENT_INDEX_SK]: a.input.trailing12Minor,
  } as StoredAssignment;
}

export const historyEntry = (s: StoredAssignment): StoredHistoryEntry => ({
  PK: s.PK,
  SK: segmentHistorySk(s.segmentVersion),
  type: 'SEGMENT_HISTORY',
  customerId: s.customerId,
  segmentVersion: s.segmentVersion,
  segment: s.segment,
  previousSegment: s.previousSegment,
  reasons: s.reasons,
  trailing12Minor: s.trailing12Minor,
  mvcThresholdMinor: s.mvcThreshold.thresholdMinor,
  manager: s.manager,
  cause: s.cause,
  at: s.assignedAt,
});

/**
 * Whether writing `next` over `before` changes anything worth a write: a redelivered stream record or a
 * second recalibration message recomputes the same assignment and writes nothing.
 */
export function assignmentDiffers(before: StoredAssignment | undefined, next: StoredAssignment): boolean {
  if (!before) return true;
  const strip = ({ version: _v, evaluatedAt: _e, publishedVersion: _p, input, ...rest }: StoredAssignment) => ({
    ...rest,
    input: { ...input, asOf: input.asOf.slice(0, 7) },
  });
  return canonical(strip(before)) !== canonical(strip(next));
}

/** JSON with object keys sorted: an item read back from DynamoDB has its own key order. */
const canonical = (value: unknown): string =>
  JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );

/** The event of a segment change, with the consent in force when it is published (never without it). */
export const segmentChangedEvent = (s: StoredAssignment, consents: readonly StoredConsent[]): CustomerSegmentChanged => ({
  schemaVersion: 1,
  eventId: `${s.customerId}#${s.segmentVersion}`,
  occurredAt: s.assignedAt,
  customerId: s.customerId,
  segmentVersion: s.segmentVersion,
  previousSegment: s.previousSegment,
  segment: s.segment,
  cause: s.cause,
  trailing12Minor: s.trailing12Minor,
  currency: s.currency,
  mvcThresholdMinor: s.mvcThreshold.thresholdMinor,
  reasons: s.reasons,
  relationshipManager:
    s.manager.kind === 'NAMED' ? { kind: 'NAMED', managerId: s.manager.managerId, branchId: s.manager.branchId } : { kind: s.manager.kind },
  marketing: { permitted: permittedContacts(consents) },
});
