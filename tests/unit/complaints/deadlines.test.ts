import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { complaintDeadlines, type DeadlineInput } from '../../../shared/domain/complaints/deadlines';
import { DEFAULT_CALENDARS, type Jurisdiction } from '../../../shared/domain/complaints/jurisdiction-calendars';
import { DEADLINE_EXTENSIONS, REGULATORY_REGIMES } from '../../../shared/domain/complaints/regulatory-limits';
import { DEFAULT_SERVICE_LEVELS, type Segment, type ServiceLevels } from '../../../shared/domain/complaints/promised-service';
import { SEGMENTS } from '../../../shared/domain/segment-parameters';

const promiseOf = (segment: Segment) => ({ segment, serviceLevels: DEFAULT_SERVICE_LEVELS });
const inJurisdiction = (j: Jurisdiction) => ({ regime: REGULATORY_REGIMES[j], calendar: DEFAULT_CALENDARS[j] });
const deadlines = (j: Jurisdiction, input: Omit<DeadlineInput, 'regime' | 'calendar'>) => complaintDeadlines({ ...inJurisdiction(j), ...input });

describe('China (CBIRC Order 2020 No. 3): 15 calendar days, last day moved off rest days', () => {
  it('moves a last day inside the Golden Week to the first working day after it', () => {
    // Received Saturday 20 September; day 15 is Sunday 5 October, inside 1–8 October: due end of 9 October.
    const d = deadlines('CN', { receivedAt: '2025-09-20T02:00:00Z', promise: promiseOf('STANDARD') });
    expect(d.resolution).toMatchObject({ dueAt: '2025-10-09T15:59:59.999Z', governedBy: 'REGULATORY_LIMIT' });
    expect(d.resolution.targetDueAt).toBeUndefined();
    // Acknowledgement: two business days after the Saturday, close of business Tuesday.
    expect(d.acknowledgement).toMatchObject({ dueAt: '2025-09-23T09:00:00.000Z', governedBy: 'SEGMENT_TARGET' });
  });

  it('ends at 24:00 Beijing time on the 15th day when that day is worked', () => {
    expect(deadlines('CN', { receivedAt: '2025-03-03T02:00:00Z', promise: promiseOf('STANDARD') }).resolution.dueAt).toBe('2025-03-18T15:59:59.999Z');
    // Day 15 is Sunday 28 September, a make-up working day: it stays.
    expect(deadlines('CN', { receivedAt: '2025-09-13T02:00:00Z', promise: promiseOf('STANDARD') }).resolution.dueAt).toBe('2025-09-28T15:59:59.999Z');
    // Day 15 is an ordinary Sunday (21 September): Monday.
    expect(deadlines('CN', { receivedAt: '2025-09-06T02:00:00Z', promise: promiseOf('STANDARD') }).resolution.dueAt).toBe('2025-09-22T15:59:59.999Z');
  });

  it('extends to 30 days for complex cases and 60 with approval, still off holidays', () => {
    const at = { receivedAt: '2025-03-03T02:00:00Z', promise: promiseOf('STANDARD') };
    expect(deadlines('CN', { ...at, extension: 'EXTENDED' }).resolution.dueAt).toBe('2025-04-02T15:59:59.999Z');
    // Day 60 is Friday 2 May, inside the Labour Day holiday (1–5 May): Tuesday 6 May.
    expect(deadlines('CN', { ...at, extension: 'EXCEPTIONAL' }).resolution.dueAt).toBe('2025-05-06T15:59:59.999Z');
  });

  it('lets MVC targets bind when they are shorter', () => {
    const d = deadlines('CN', { receivedAt: '2025-03-03T02:00:00Z', promise: promiseOf('MVC') });
    expect(d.acknowledgement).toMatchObject({ dueAt: '2025-03-03T06:00:00.000Z', governedBy: 'SEGMENT_TARGET' }); // 10:00 + 4 h
    expect(d.resolution).toMatchObject({
      dueAt: '2025-03-08T15:59:59.999Z', // 5 days: the end of Saturday 8 March
      governedBy: 'SEGMENT_TARGET',
      regulatoryDueAt: '2025-03-18T15:59:59.999Z',
    });
  });

  it('holds the bank to MGC\'s 10 days inside the Golden Week, well before the regulator\'s limit after it', () => {
    const d = deadlines('CN', { receivedAt: '2025-09-24T02:00:00Z', promise: promiseOf('MGC') });
    expect(d.resolution).toMatchObject({
      targetDueAt: '2025-10-04T15:59:59.999Z',
      regulatoryDueAt: '2025-10-09T15:59:59.999Z',
      dueAt: '2025-10-04T15:59:59.999Z',
      governedBy: 'SEGMENT_TARGET',
    });
    expect(d.acknowledgement.dueAt).toBe('2025-09-25T09:00:00.000Z');
  });
});

describe('UK (FCA DISP 1.6): eight weeks; payment services 15 / 35 business days', () => {
  it('gives a final-response deadline at the end of the eighth week, across the clock change', () => {
    const d = deadlines('UK', { receivedAt: '2025-03-03T10:00:00Z', promise: promiseOf('STANDARD') });
    expect(d.resolution).toMatchObject({ dueAt: '2025-04-28T22:59:59.999Z', governedBy: 'REGULATORY_LIMIT' }); // 23:59:59.999 BST
    expect(d.acknowledgement.dueAt).toBe('2025-03-05T17:00:00.000Z');
    expect(d.summaryResolutionUntil).toBe('2025-03-06T17:00:00.000Z'); // DISP 1.5: close of the third business day
  });

  it('counts payment-services limits in business days over Easter and the May bank holidays', () => {
    const at = { receivedAt: '2025-04-10T10:00:00Z', promise: promiseOf('STANDARD'), paymentService: true };
    expect(deadlines('UK', at).resolution.dueAt).toBe('2025-05-06T16:00:00.000Z');
    expect(deadlines('UK', { ...at, extension: 'EXCEPTIONAL' }).resolution.dueAt).toBe('2025-06-04T16:00:00.000Z');
    expect(deadlines('UK', { ...at, promise: promiseOf('MVC') }).resolution).toMatchObject({
      dueAt: '2025-04-15T22:59:59.999Z', // 5 days: the end of 15 April in London
      governedBy: 'SEGMENT_TARGET',
    });
  });
});

describe('US (CFPB): 15 days, 60 after an "In progress" response', () => {
  it('counts calendar days to the end of the day in New York, across the clock change', () => {
    const d = deadlines('US', { receivedAt: '2025-10-20T14:00:00Z', promise: promiseOf('STANDARD') });
    expect(d.resolution.dueAt).toBe('2025-11-05T04:59:59.999Z'); // 4 November, 23:59:59.999 EST
    expect(d.acknowledgement).toMatchObject({ dueAt: '2025-10-22T21:00:00.000Z', governedBy: 'SEGMENT_TARGET' });
    expect(deadlines('US', { receivedAt: '2025-10-20T14:00:00Z', promise: promiseOf('STANDARD'), extension: 'EXTENDED' }).resolution.dueAt).toBe(
      '2025-12-20T04:59:59.999Z',
    );
  });

  it('holds the bank to MGC\'s 10 days across the year end, before the regulator\'s 15', () => {
    const d = deadlines('US', { receivedAt: '2025-12-19T15:00:00Z', promise: promiseOf('MGC') });
    expect(d.resolution).toMatchObject({
      targetDueAt: '2025-12-30T04:59:59.999Z',
      regulatoryDueAt: '2026-01-04T04:59:59.999Z',
      dueAt: '2025-12-30T04:59:59.999Z',
      governedBy: 'SEGMENT_TARGET',
    });
  });
});

describe('segment targets only ever shorten the regulator\'s limits', () => {
  const generousLevel = (level: ServiceLevels['MVC']) => ({
    ...level,
    firstResponseTarget: { unit: 'BUSINESS_DAYS' as const, value: 300 },
    resolutionTarget: { kind: 'DAYS' as const, days: 300 },
  });
  const generous: ServiceLevels = {
    MVC: generousLevel(DEFAULT_SERVICE_LEVELS.MVC),
    MGC: generousLevel(DEFAULT_SERVICE_LEVELS.MGC),
    STANDARD: generousLevel(DEFAULT_SERVICE_LEVELS.STANDARD),
  };

  const arbitrary = fc.record({
    receivedAt: fc.date({ min: new Date('2025-01-01'), max: new Date('2026-06-30'), noInvalidDate: true }).map((d) => d.toISOString()),
    promise: fc.constantFrom(...SEGMENTS).map(promiseOf),
    jurisdiction: fc.constantFrom<Jurisdiction>('CN', 'UK', 'US'),
    extension: fc.constantFrom(...DEADLINE_EXTENSIONS),
    paymentService: fc.boolean(),
  });

  it('binds the earlier of target and limit, and never passes the limit', () => {
    fc.assert(
      fc.property(arbitrary, ({ jurisdiction, ...input }) => {
        const d = deadlines(jurisdiction, input);
        const t = (s: string | undefined) => Date.parse(s!);
        expect(t(d.resolution.dueAt)).toBeLessThanOrEqual(t(d.resolution.regulatoryDueAt));
        expect(t(d.acknowledgement.dueAt)).toBeLessThanOrEqual(t(d.acknowledgement.regulatoryDueAt));
        expect(t(d.acknowledgement.regulatoryDueAt)).toBeLessThanOrEqual(t(d.resolution.regulatoryDueAt));
        for (const deadline of [d.acknowledgement, d.resolution]) {
          const candidates = [deadline.targetDueAt, deadline.regulatoryDueAt].filter(Boolean).map(t);
          expect(t(deadline.dueAt)).toBe(Math.min(...candidates));
          expect(t(deadline.dueAt)).toBeGreaterThan(t(input.receivedAt));
        }
      }),
      { numRuns: 200 },
    );
  });

  it('a target longer than the limit changes nothing', () => {
    fc.assert(
      fc.property(arbitrary, ({ jurisdiction, ...input }) => {
        const d = complaintDeadlines({ ...inJurisdiction(jurisdiction), ...input, promise: { ...input.promise, serviceLevels: generous } });
        expect(d.resolution.dueAt).toBe(d.resolution.regulatoryDueAt);
        expect(d.resolution.governedBy).toBe('REGULATORY_LIMIT');
        expect(d.acknowledgement.dueAt).toBe(d.acknowledgement.regulatoryDueAt);
      }),
      { numRuns: 100 },
    );
  });
});
