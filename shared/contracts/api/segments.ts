// Shapes of the segmentation endpoints: a customer's segment for staff, the service tier a customer
// sees of itself (a tier and entitlements, never the segment or a figure), customers by segment and
// branch, analytics, and the admin views of the roster and the parameters. zod/mini: bundled.
import * as z from 'zod/mini';
import { BranchId, CustomerId } from '../primitives';

export const SEGMENT_CODES = ['MVC', 'MGC', 'STANDARD', 'BZ'] as const;
export const SegmentCode = z.enum(SEGMENT_CODES);

const UtcInstant = z.string().check(z.describe('UTC instant, ISO 8601'));
const Minor = z.number().check(z.int());
const ManagerId = z.string().check(z.minLength(1), z.maxLength(64), z.regex(/^[A-Za-z0-9][A-Za-z0-9._:-]*$/, 'managerId may hold letters, digits, ".", "_", ":" and "-" only'));

export const SegmentReasonView = z.object({
  rule: z.string(),
  figures: z.record(z.string(), z.nullable(z.union([z.number(), z.string()]))),
});

export const ManagerView = z.union([
  z.object({ kind: z.literal('NAMED'), managerId: z.string(), branchId: z.string() }),
  z.object({ kind: z.literal('GROWTH_DESK_POOL') }),
  z.object({ kind: z.literal('TEAM_QUEUE') }),
]);

// Shapes the full and the pseudonymised views share: declared once, the latter strict.
const monthShape = {
  month: z.string(),
  contributionMinor: Minor,
  netInterestMarginMinor: Minor,
  feeIncomeMinor: Minor,
  costToServeMinor: Minor,
  creditLossesMinor: Minor,
};
const trendShape = { latest3Minor: Minor, previous3Minor: Minor, deltaMinor: Minor, growthRatio: z.nullable(z.number()) };
const mvcThresholdShape = { thresholdMinor: Minor, floorMinor: Minor, percentileMinor: z.nullable(Minor) };
/** A change of segment but its reasons (each view declares them with its own strictness) and instant. */
const changeShape = {
  segmentVersion: z.number(),
  segment: SegmentCode,
  previousSegment: z.nullable(SegmentCode),
  cause: z.string(),
  trailing12Minor: Minor,
  mvcThresholdMinor: Minor,
};

export const MonthlyContributionView = z.object(monthShape);

export const CustomerSegmentView = z.object({
  customerId: CustomerId,
  segment: SegmentCode,
  currency: z.string(),
  trailing12Minor: Minor.check(z.describe('Trailing 12-month contribution, reporting-currency minor units.')),
  trend: z.object(trendShape),
  mvcThreshold: z.object(mvcThresholdShape),
  reasons: z.array(SegmentReasonView),
  relationshipManager: ManagerView,
  assignedAt: UtcInstant,
  evaluatedAt: UtcInstant,
  months: z.array(MonthlyContributionView).check(z.describe('The stored monthly contributions, oldest first.')),
  history: z.array(z.object({ ...changeShape, reasons: z.array(SegmentReasonView), at: UtcInstant })).check(z.describe('Every change of segment, newest first.')),
});
export type CustomerSegmentView = z.infer<typeof CustomerSegmentView>;

const StrictReason = z.strictObject({ rule: z.string(), figures: z.record(z.string(), z.nullable(z.union([z.number(), z.string()]))) });

/**
 * The segment as analysts see it (docs/data-protection.md): the customer by its stable pseudonym, the
 * segment, figures, rule reasons and history; no customer id and no relationship manager. Strict: a field
 * not declared here cannot leave.
 */
export const PseudonymisedCustomerSegmentView = z.strictObject({
  pseudonym: z.string().check(z.describe('Stable pseudonym of the customer (HMAC under the stage key): the same as in the 360 and the segment lists.')),
  segment: SegmentCode,
  currency: z.string(),
  trailing12Minor: Minor,
  trend: z.strictObject(trendShape),
  mvcThreshold: z.strictObject(mvcThresholdShape),
  reasons: z.array(StrictReason),
  assignedAt: UtcInstant,
  evaluatedAt: UtcInstant,
  months: z.array(z.strictObject(monthShape)),
  history: z.array(z.strictObject({ ...changeShape, reasons: z.array(StrictReason), at: UtcInstant })),
});
export type PseudonymisedCustomerSegmentView = z.infer<typeof PseudonymisedCustomerSegmentView>;

const reasonOf = (r: { rule: string; figures: Record<string, number | string | null> }) => ({ rule: r.rule, figures: { ...r.figures } });

/** The fields `shape` declares and no others: the strict view refuses what the full one may carry. */
const only = <T extends object, K extends keyof T>(shape: Record<K, unknown>, value: T): Pick<T, K> =>
  Object.fromEntries(Object.keys(shape).map((k) => [k, value[k as K]])) as Pick<T, K>;

export const pseudonymisedCustomerSegmentView = (v: CustomerSegmentView, pseudonym: (customerId: string) => string): PseudonymisedCustomerSegmentView => ({
  pseudonym: pseudonym(v.customerId),
  segment: v.segment,
  currency: v.currency,
  trailing12Minor: v.trailing12Minor,
  trend: only(trendShape, v.trend),
  mvcThreshold: only(mvcThresholdShape, v.mvcThreshold),
  reasons: v.reasons.map(reasonOf),
  assignedAt: v.assignedAt,
  evaluatedAt: v.evaluatedAt,
  months: v.months.map((m) => only(monthShape, m)),
  history: v.history.map((h) => ({ ...only(changeShape, h), reasons: h.reasons.map(reasonOf), at: h.at })),
});

const TargetView = z.object({ value: z.number(), unit: z.enum(['BUSINESS_HOURS', 'BUSINESS_DAYS']) });

export const MyServiceTier = z.object({
  tier: z.object({ code: z.string(), name: z.object({ en: z.string(), zh: z.string() }) }),
  entitlements: z.object({
    relationship: z.enum(['NAMED_RELATIONSHIP_MANAGER', 'ADVISORY_TEAM', 'SERVICE_TEAM']),
    firstResponseTarget: TargetView,
    resolutionTarget: z.union([z.object({ kind: z.literal('DAYS'), days: z.number() }), z.object({ kind: z.literal('REGULATORY_LIMIT') })]),
  }),
});
export type MyServiceTier = z.infer<typeof MyServiceTier>;

export const SegmentCustomersPath = z.strictObject({ segment: SegmentCode });
export const SegmentCustomersQuery = z.strictObject({
  branch: z.optional(BranchId.check(z.describe("Home branch. Without it, the segment's customers across every branch."))),
  limit: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(100)), 25),
  cursor: z.optional(
    z.string().check(z.minLength(1), z.maxLength(4096), z.describe('nextCursor of the previous page, with the same segment and branch.')),
  ),
});
export const SegmentCustomersPage = z.object({
  segment: SegmentCode,
  branchId: z.nullable(z.string()).check(z.describe('The branch asked for; null for the list across every branch.')),
  customers: z.array(z.object({ customerId: z.string(), branchId: z.string(), trailing12Minor: Minor, managerId: z.nullable(z.string()) })),
  nextCursor: z.nullable(z.string()),
});
export type SegmentCustomersPage = z.infer<typeof SegmentCustomersPage>;

/** The list as analysts see it: each customer by its stable pseudonym, no customer id, no manager. */
export const PseudonymisedSegmentCustomersPage = z.strictObject({
  segment: SegmentCode,
  branchId: z.nullable(z.string()),
  customers: z.array(z.strictObject({ pseudonym: z.string(), branchId: z.string(), trailing12Minor: Minor })),
  nextCursor: z.nullable(z.string()),
});
export const pseudonymisedSegmentCustomersPage = (page: SegmentCustomersPage, pseudonym: (customerId: string) => string) => ({
  segment: page.segment,
  branchId: page.branchId,
  customers: page.customers.map((c) => ({ pseudonym: pseudonym(c.customerId), branchId: c.branchId, trailing12Minor: c.trailing12Minor })),
  nextCursor: page.nextCursor,
});

const SegmentTotals = z.object({ segment: SegmentCode, customers: z.number(), totalContributionMinor: Minor });
export const SegmentAnalytics = z.object({
  asOf: z.nullable(UtcInstant).check(z.describe('When the recalibration scan that counted these ran; null before the first.')),
  currency: z.string(),
  overall: z.array(SegmentTotals),
  byBranch: z.array(z.object({ branchId: z.string(), segments: z.array(SegmentTotals) })),
});

export const ManagerPath = z.strictObject({ branchId: BranchId, managerId: ManagerId });
export const BranchPath = z.strictObject({ branchId: BranchId });
export const ManagerBody = z.strictObject({
  name: z.string().check(z.minLength(1), z.maxLength(100)),
  capacity: z.number().check(z.int(), z.minimum(1), z.maximum(10_000)),
});
export const ManagerRecordView = z.object({
  managerId: z.string(),
  branchId: z.string(),
  name: z.string(),
  capacity: z.number(),
  load: z.number(),
  active: z.boolean(),
});
export const RosterView = z.object({ branchId: z.string(), managers: z.array(ManagerRecordView) });

export const ParametersView = z.object({
  parameters: z.record(z.string(), z.unknown()),
  source: z.enum(['STAGE', 'ADMIN']),
  version: z.number(),
  percentileMinor: z.nullable(Minor),
  calibratedAt: z.nullable(UtcInstant),
});
export const ParametersBody = z.strictObject({
  parameters: z.record(z.string(), z.unknown()).check(z.describe('The whole parameter set (GET it first); validated field by field.')),
  expectedVersion: z.number().check(z.int(), z.nonnegative(), z.describe('The version read: a concurrent edit is refused with 409.')),
});

/** A recalibration run's id: the instant it was started for (UTC, ISO 8601). */
export const RecalibrationPath = z.strictObject({
  runId: z.string().check(z.minLength(1), z.maxLength(40), z.regex(/^[0-9T:.Z-]+$/, 'runId is an ISO 8601 instant')),
});
export const RecalibrationView = z.object({
  runId: z.string(),
  status: z
    .enum(['SCANNING', 'FINALIZING', 'DONE'])
    .check(z.describe('DONE: the new threshold and the analytics are stored; customers who move are being re-segmented in the background.')),
  startedAt: UtcInstant,
  scanSegments: z.number(),
  scannedSegments: z.number(),
  result: z.nullable(
    z.object({
      positiveContributors: z.number(),
      percentileMinor: z.nullable(Minor),
      thresholdMinor: Minor,
      moveRanges: z.number().check(z.describe('segment#branch key ranges whose customers are being re-segmented')),
      at: UtcInstant,
    }),
  ),
});
export type RecalibrationView = z.infer<typeof RecalibrationView>;

