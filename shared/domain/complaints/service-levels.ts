// Differentiated service (MISSION.md, "Differentiated service"): what each customer segment is promised
// when it complains. Defaults; the stage configuration may pass its own table.
//
// Segments come from the segmentation issue; until it lands every customer is STANDARD. The names here
// are the segment codes MISSION.md uses, so the segmentation's type can replace this one without change.
import type { Duration } from './business-calendar';
import type { Priority } from './priority';

export const SERVICE_SEGMENTS = ['MVC', 'MGC', 'STANDARD', 'BZ'] as const;
export type ServiceSegment = (typeof SERVICE_SEGMENTS)[number];

/** Who looks after the customer: a named relationship manager, the growth desk, or the team queue. */
export type RelationshipCover = 'DEDICATED_MANAGER' | 'GROWTH_DESK_POOL' | 'TEAM_QUEUE';

export interface ServiceLevel {
  readonly defaultPriority: Priority;
  readonly relationshipCover: RelationshipCover;
  /** The bank's own first-response (acknowledgement) target. */
  readonly firstResponseTarget: Duration;
  /**
   * The bank's own resolution target; undefined means "the regulatory limit". A target can only ever
   * shorten the regulator's limit (see deadlines.ts), never extend it.
   */
  readonly resolutionTarget?: Duration;
}

export type ServiceLevels = Readonly<Record<ServiceSegment, ServiceLevel>>;

// "5 days" and "10 days" are the bank's service promises, so they are counted as the bank works: in
// business days on the jurisdiction's calendar. Regulatory limits are counted as each regulation says.
export const DEFAULT_SERVICE_LEVELS: ServiceLevels = {
  MVC: {
    defaultPriority: 'P1',
    relationshipCover: 'DEDICATED_MANAGER',
    firstResponseTarget: { unit: 'BUSINESS_HOURS', amount: 4 },
    resolutionTarget: { unit: 'BUSINESS_DAYS', amount: 5 },
  },
  MGC: {
    defaultPriority: 'P2',
    relationshipCover: 'GROWTH_DESK_POOL',
    firstResponseTarget: { unit: 'BUSINESS_DAYS', amount: 1 },
    resolutionTarget: { unit: 'BUSINESS_DAYS', amount: 10 },
  },
  STANDARD: {
    defaultPriority: 'P3',
    relationshipCover: 'TEAM_QUEUE',
    firstResponseTarget: { unit: 'BUSINESS_DAYS', amount: 2 },
  },
  BZ: {
    defaultPriority: 'P3',
    relationshipCover: 'TEAM_QUEUE',
    firstResponseTarget: { unit: 'BUSINESS_DAYS', amount: 2 },
  },
};
