import { describe, expect, it } from 'vitest';
import { DEFAULT_SEGMENT_PARAMETERS, parseSegmentParameters, SEGMENTS, ServiceLevels } from '../../../shared/domain/segment-parameters';
import { customerServiceTier, resolutionDays, serviceLevelFor, staffEntitlements } from '../../../shared/domain/service-entitlements';

const levels = DEFAULT_SEGMENT_PARAMETERS.serviceLevels;

describe('differentiated service', () => {
  it('follows the table: priority, relationship manager, first response and resolution per segment', () => {
    const row = (s: (typeof SEGMENTS)[number]) => {
      const e = staffEntitlements(s, levels);
      return [e.segment, e.complaintPriority, e.relationshipManager, e.firstResponseTarget, e.resolutionTarget];
    };
    expect(SEGMENTS.map(row)).toEqual([
      ['MVC', 'P1', 'DEDICATED_NAMED', { value: 4, unit: 'BUSINESS_HOURS' }, { kind: 'DAYS', days: 5 }],
      ['MGC', 'P2', 'GROWTH_DESK_POOL', { value: 1, unit: 'BUSINESS_DAYS' }, { kind: 'DAYS', days: 10 }],
      ['STANDARD', 'P3', 'TEAM_QUEUE', { value: 2, unit: 'BUSINESS_DAYS' }, { kind: 'REGULATORY_LIMIT' }],
      ['BZ', 'P3', 'TEAM_QUEUE', { value: 2, unit: 'BUSINESS_DAYS' }, { kind: 'REGULATORY_LIMIT' }],
    ]);
  });

  it('only shortens a deadline: never past the regulator’s limit', () => {
    expect(resolutionDays(serviceLevelFor('MVC', levels), 15)).toBe(5); // China: 15 days
    expect(resolutionDays(serviceLevelFor('MGC', levels), 8)).toBe(8); // a limit shorter than the segment's target wins
    expect(resolutionDays(serviceLevelFor('BZ', levels), 56)).toBe(56); // UK: 8 weeks
  });
});

describe('what the customer sees', () => {
  it('gives BZ and STANDARD customers the very same answer', () => {
    expect(customerServiceTier('BZ', levels)).toEqual(customerServiceTier('STANDARD', levels));
  });

  it('never speaks of segments, below zero or queue priority', () => {
    for (const segment of SEGMENTS) {
      const text = JSON.stringify(customerServiceTier(segment, levels));
      expect(text).not.toMatch(/\bBZ\b|below|zero|负|segment|MVC|MGC|P[123]|priority/i);
    }
    expect(customerServiceTier('MVC', levels)).toEqual({
      tier: { code: 'PREMIER', name: { en: 'Premier', zh: '贵宾' } },
      entitlements: {
        relationship: 'NAMED_RELATIONSHIP_MANAGER',
        firstResponseTarget: { value: 4, unit: 'BUSINESS_HOURS' },
        resolutionTarget: { kind: 'DAYS', days: 5 },
      },
    });
  });

  it('refuses configuration that would give a tier away or merge two tiers', () => {
    const named = (en: string) => ({ ...levels, STANDARD: { ...levels.STANDARD, tier: { code: 'CLASSIC', name: { en, zh: '经典' } } } });
    expect(ServiceLevels.safeParse(named('Below Zero')).success).toBe(false);
    expect(ServiceLevels.safeParse(named('Classic')).success).toBe(true);
    expect(ServiceLevels.safeParse({ ...levels, MGC: { ...levels.MGC, tier: levels.MVC.tier } }).success).toBe(false);
  });
});

describe('segment parameters', () => {
  it('accept the documented defaults', () => {
    expect(parseSegmentParameters(DEFAULT_SEGMENT_PARAMETERS)).toEqual({ ok: true, value: DEFAULT_SEGMENT_PARAMETERS });
  });

  it('name each bad field of an edit', () => {
    const edit = {
      ...DEFAULT_SEGMENT_PARAMETERS,
      reportingTimeZone: 'Mars/Olympus',
      contribution: { ...DEFAULT_SEGMENT_PARAMETERS.contribution, servicingCostPerOpenAccountMinor: -1 },
      segmentation: { ...DEFAULT_SEGMENT_PARAMETERS.segmentation, mvc: { percentile: 80, floorMinor: 0 } },
    };
    const r = parseSegmentParameters(edit);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.map((i) => i.field).sort()).toEqual([
        'contribution.servicingCostPerOpenAccountMinor',
        'reportingTimeZone',
        'segmentation.mvc.floorMinor',
      ]);
    }
  });
});
