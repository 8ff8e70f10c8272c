// How the bank serves each segment (MISSION.md, Differentiated service), and what a customer is told
// about it. Staff see the segment; customers see a service tier and its entitlements, never the
// segment: BZ and STANDARD share one service level (segment-parameters.ts has no BZ row), so the two
// answers are identical and nothing in them can give "below zero" away.
import type { Segment, ServiceLevel, ServiceLevels } from './segment-parameters';

/** The service level that applies to a segment. */
export const serviceLevelFor = (segment: Segment, levels: ServiceLevels): ServiceLevel =>
  segment === 'MVC' ? levels.MVC : segment === 'MGC' ? levels.MGC : levels.STANDARD;

/** What staff see: the segment and everything it entitles to, including the complaint queue priority. */
export type StaffServiceEntitlements = ServiceLevel & { segment: Segment };

export const staffEntitlements = (segment: Segment, levels: ServiceLevels): StaffServiceEntitlements => ({
  segment,
  ...serviceLevelFor(segment, levels),
});

/** Customer-facing words for the relationship-manager model: a service, not a classification. */
const CUSTOMER_RELATIONSHIP = {
  DEDICATED_NAMED: 'NAMED_RELATIONSHIP_MANAGER',
  GROWTH_DESK_POOL: 'ADVISORY_TEAM',
  TEAM_QUEUE: 'SERVICE_TEAM',
} as const;

export type CustomerServiceTier = {
  tier: ServiceLevel['tier'];
  entitlements: {
    relationship: (typeof CUSTOMER_RELATIONSHIP)[ServiceLevel['relationshipManager']];
    firstResponseTarget: ServiceLevel['firstResponseTarget'];
    resolutionTarget: ServiceLevel['resolutionTarget'];
  };
};

/**
 * What the customer sees (GET /me/service-tier). Built field by field from the level, never by
 * spreading it, so that a field added to the staff view cannot leak here. The complaint priority is
 * the bank's internal queue order and is left out.
 */
export function customerServiceTier(segment: Segment, levels: ServiceLevels): CustomerServiceTier {
  const level = serviceLevelFor(segment, levels);
  return {
    tier: { code: level.tier.code, name: { en: level.tier.name.en, zh: level.tier.name.zh } },
    entitlements: {
      relationship: CUSTOMER_RELATIONSHIP[level.relationshipManager],
      firstResponseTarget: { ...level.firstResponseTarget },
      resolutionTarget: { ...level.resolutionTarget },
    },
  };
}

/**
 * Days within which a complaint must be resolved: the segment's target, capped at the regulator's
 * limit for the jurisdiction (calendar days). A segment can only shorten a deadline, never extend it.
 */
export function resolutionDays(level: ServiceLevel, regulatoryLimitDays: number): number {
  return level.resolutionTarget.kind === 'REGULATORY_LIMIT'
    ? regulatoryLimitDays
    : Math.min(level.resolutionTarget.days, regulatoryLimitDays);
}
