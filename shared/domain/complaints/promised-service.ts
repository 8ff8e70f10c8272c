// What a segment is promised when it complains, read from the one place that says it: the segmentation
// parameters' service levels (shared/domain/segment-parameters.ts), which an admin edits and which
// GET /me/service-tier shows the customer. This file only translates those levels into the terms the
// router works in (a priority, whether a named manager takes it, durations on a business calendar); it
// holds no figures of its own, so the bank cannot enforce one promise and tell the customer another.
import { serviceLevelFor } from '../service-entitlements';
import { DEFAULT_SEGMENT_PARAMETERS, type Segment, type ServiceLevel, type ServiceLevels } from '../segment-parameters';
import type { Duration } from './business-calendar';
import type { Priority } from './priority';

export type { Segment, ServiceLevel, ServiceLevels };

/** The service levels of the default parameters: for tests and for code that has no stage yet. */
export const DEFAULT_SERVICE_LEVELS: ServiceLevels = DEFAULT_SEGMENT_PARAMETERS.serviceLevels;

export interface PromisedService {
  readonly priority: Priority;
  /** The segment is looked after by a named relationship manager (MVC by default). */
  readonly namedManager: boolean;
  /** The first-response (acknowledgement) target, as the customer is told it. */
  readonly firstResponse: Duration;
  /**
   * The resolution target; undefined for "the regulatory limit". The parameters give it in calendar
   * days (the customer is told "5 days"), counted like the regulators' own day limits: to the end of
   * the Nth day after receipt. It can only shorten the regulator's limit, never extend it.
   */
  readonly resolution?: Duration;
}

export const promisedService = (segment: Segment, levels: ServiceLevels): PromisedService => {
  const level = serviceLevelFor(segment, levels);
  return {
    priority: level.complaintPriority,
    namedManager: level.relationshipManager === 'DEDICATED_NAMED',
    firstResponse: { unit: level.firstResponseTarget.unit, amount: level.firstResponseTarget.value },
    ...(level.resolutionTarget.kind === 'DAYS' ? { resolution: { unit: 'CALENDAR_DAYS', amount: level.resolutionTarget.days } } : {}),
  };
};
