// Complaint priority: the segment's promised priority (segmentation parameters; by default MVC P1, MGC P2, others P3), raised when the complaint is
// severe. Severity can only raise a priority, never lower it: an MVC's complaint stays P1 however minor.
import type { Severity } from './severity';
import { DEFAULT_SERVICE_LEVELS, promisedService, type Segment, type ServiceLevels } from './promised-service';

/** P1 is the most urgent. */
export const PRIORITIES = ['P1', 'P2', 'P3'] as const;
export type Priority = (typeof PRIORITIES)[number];

const rank = (p: Priority) => PRIORITIES.indexOf(p);

/** The more urgent of two priorities. */
export const mostUrgent = (a: Priority, b: Priority): Priority => (rank(a) <= rank(b) ? a : b);

/** One step more urgent (P3 → P2 → P1); P1 stays P1. */
export const raisePriority = (priority: Priority, steps = 1): Priority =>
  PRIORITIES[Math.max(0, rank(priority) - Math.max(0, steps))] ?? 'P1';

/** The priority a severity demands at least. LOW and MEDIUM leave the segment's priority as it is. */
export const DEFAULT_SEVERITY_PRIORITY_FLOOR: Readonly<Record<Severity, Priority | undefined>> = {
  LOW: undefined,
  MEDIUM: undefined,
  HIGH: 'P2',
  CRITICAL: 'P1',
};

export interface PriorityDecision {
  readonly priority: Priority;
  readonly reasons: readonly string[];
}

export const priorityFor = (
  input: { readonly segment: Segment; readonly severity: Severity },
  serviceLevels: ServiceLevels = DEFAULT_SERVICE_LEVELS,
  severityFloor: Readonly<Record<Severity, Priority | undefined>> = DEFAULT_SEVERITY_PRIORITY_FLOOR,
): PriorityDecision => {
  const base = promisedService(input.segment, serviceLevels).priority;
  const reasons = [`segment ${input.segment}: ${base}`];
  const floor = severityFloor[input.severity];
  if (floor && rank(floor) < rank(base)) {
    reasons.push(`severity ${input.severity} raises ${base} to ${floor}`);
    return { priority: floor, reasons };
  }
  return { priority: base, reasons };
};
