// Messages of the recalibration work queue. zod/mini: parsed in the worker Lambda.
import * as z from 'zod/mini';

const StartKey = z.optional(z.record(z.string(), z.unknown()));

export const ScanSegment = z.object({
  kind: z.literal('SCAN'),
  runId: z.string(),
  segment: z.number().check(z.int(), z.nonnegative()),
  totalSegments: z.number().check(z.int(), z.positive()),
  part: z.number().check(z.int(), z.nonnegative()),
  startKey: StartKey,
});

export const Finalize = z.object({ kind: z.literal('FINALIZE'), runId: z.string() });

export const MoveCustomers = z.object({
  kind: z.literal('MOVE'),
  runId: z.string(),
  /** A segment index partition (segment#branch). */
  partition: z.string(),
  /** UP: non-MVC at or above the threshold; DOWN: MVC below it. */
  direction: z.enum(['UP', 'DOWN']),
  thresholdMinor: z.number().check(z.int()),
  startKey: StartKey,
});

export const ManagerLeft = z.object({
  kind: z.literal('MANAGER_LEFT'),
  managerId: z.string(),
  branchId: z.string(),
  startKey: StartKey,
});

/** A manager joined a branch or got more capacity: its MVC customers served by the team queue get one. */
export const ManagerAvailable = z.object({
  kind: z.literal('MANAGER_AVAILABLE'),
  branchId: z.string(),
  startKey: StartKey,
});

export const WorkMessage = z.discriminatedUnion('kind', [ScanSegment, Finalize, MoveCustomers, ManagerLeft, ManagerAvailable]);
export type WorkMessage = z.infer<typeof WorkMessage>;
export type ScanSegment = z.infer<typeof ScanSegment>;
export type MoveCustomers = z.infer<typeof MoveCustomers>;
export type ManagerLeft = z.infer<typeof ManagerLeft>;
export type ManagerAvailable = z.infer<typeof ManagerAvailable>;
