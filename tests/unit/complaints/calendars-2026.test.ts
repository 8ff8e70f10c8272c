// Deadlines on the official calendars as shipped (calendars/official-calendars.ts), on the days that
// matter in 2026: the Spring Festival and National Day with their make-up working days (调休), Easter and
// Christmas in England and Wales, Thanksgiving and a Saturday Independence Day in the US; and past the end
// of a known calendar, where a deadline is conservative (never later than the true one) and flagged.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { complaintDeadlines } from '../../../shared/domain/complaints/deadlines';
import { dueAfter, dueAfterOnKnownCalendar, type Duration } from '../../../shared/domain/complaints/business-calendar';
import { calendarFor, DEFAULT_CALENDARS } from '../../../shared/domain/complaints/jurisdiction-calendars';
import { REGULATORY_REGIMES } from '../../../shared/domain/complaints/regulatory-limits';
import type { CalendarYear } from '../../../shared/domain/complaints/calendars/official-calendars';
import { DEFAULT_SERVICE_LEVELS, type Segment } from '../../../shared/domain/complaints/promised-service';

const { CN, UK, US } = DEFAULT_CALENDARS;
const businessDays = (amount: number): Duration => ({ unit: 'BUSINESS_DAYS', amount });
const businessHours = (amount: number): Duration => ({ unit: 'BUSINESS_HOURS', amount });
const chinaDays = (amount: number): Duration => ({ unit: 'CALENDAR_DAYS', amount, endsOnBusinessDay: true });
const cn = (receivedAt: string, segment?: Segment) =>
  complaintDeadlines({ receivedAt, regime: REGULATORY_REGIMES.CN, calendar: CN, ...(segment ? { promise: { segment, serviceLevels: DEFAULT_SERVICE_LEVELS } } : {}) });

describe('China 2026: Spring Festival, 15–23 February, make-up days Saturday 14 and Saturday 28 February', () => {
  it('works the make-up Saturday before the holiday and skips the nine days off', () => {
    // Friday 13 February, 10:00 Beijing.
    expect(dueAfter('2026-02-13T02:00:00Z', businessDays(1), CN)).toBe('2026-02-14T09:00:00.000Z'); // Saturday 14, 17:00
    expect(dueAfter('2026-02-13T02:00:00Z', businessDays(2), CN)).toBe('2026-02-24T09:00:00.000Z'); // Tuesday 24
    // Friday 15:00 + 4 business hours: two on Friday, two on the make-up Saturday morning.
    expect(dueAfter('2026-02-13T07:00:00Z', businessHours(4), CN)).toBe('2026-02-14T03:00:00.000Z');
  });

  it("ends the regulator's 15 days on the make-up Saturday 28 February, and moves a last day inside the holiday", () => {
    expect(cn('2026-02-13T02:00:00Z').resolution.dueAt).toBe('2026-02-28T15:59:59.999Z'); // day 15 is a working Saturday
    expect(cn('2026-02-04T02:00:00Z').resolution.dueAt).toBe('2026-02-24T15:59:59.999Z'); // day 15 is 19 February, off
    expect(cn('2026-02-13T02:00:00Z').resolution.beyondKnownCalendar).toBeUndefined();
  });

  it("gives MVC its 4 business hours and 5 days, the STANDARD customer 2 business days, across the festival", () => {
    const mvc = cn('2026-02-13T07:00:00Z', 'MVC');
    expect(mvc.acknowledgement).toMatchObject({ dueAt: '2026-02-14T03:00:00.000Z', governedBy: 'SEGMENT_TARGET' });
    expect(mvc.resolution).toMatchObject({ dueAt: '2026-02-18T15:59:59.999Z', governedBy: 'SEGMENT_TARGET', regulatoryDueAt: '2026-02-28T15:59:59.999Z' });
    expect(cn('2026-02-13T02:00:00Z', 'STANDARD').acknowledgement.dueAt).toBe('2026-02-24T09:00:00.000Z');
  });
});

describe('China 2026: Mid-Autumn 25–27 September, National Day 1–7 October, make-up days Sunday 20 September and Saturday 10 October', () => {
  it('counts the make-up Sunday and skips the Golden Week', () => {
    expect(dueAfter('2026-09-18T02:00:00Z', businessDays(2), CN)).toBe('2026-09-21T09:00:00.000Z'); // Sun 20 (worked), Mon 21
    expect(dueAfter('2026-09-30T02:00:00Z', businessDays(1), CN)).toBe('2026-10-08T09:00:00.000Z');
    expect(dueAfter('2026-09-30T02:00:00Z', businessDays(3), CN)).toBe('2026-10-10T09:00:00.000Z'); // Thu 8, Fri 9, Sat 10 (worked)
  });

  it("moves the regulator's last day off the Golden Week, and keeps it on the make-up Saturday", () => {
    expect(cn('2026-09-20T02:00:00Z').resolution.dueAt).toBe('2026-10-08T15:59:59.999Z'); // day 15 is 5 October
    expect(cn('2026-09-25T02:00:00Z').resolution.dueAt).toBe('2026-10-10T15:59:59.999Z'); // day 15 is the worked Saturday
  });
});

describe('England and Wales, 2026: Easter and Christmas', () => {
  it('skips Good Friday and Easter Monday', () => {
    expect(dueAfter('2026-04-02T09:00:00Z', businessDays(2), UK)).toBe('2026-04-08T16:00:00.000Z'); // 17:00 BST
  });

  it('counts 15 business days for payment services over Christmas, the substitute Boxing Day and New Year 2027', () => {
    const d = complaintDeadlines({ receivedAt: '2026-12-11T10:00:00Z', regime: REGULATORY_REGIMES.UK, calendar: UK, paymentService: true });
    expect(d.resolution).toMatchObject({ dueAt: '2027-01-06T17:00:00.000Z', governedBy: 'REGULATORY_LIMIT' });
    expect(d.resolution.beyondKnownCalendar).toBeUndefined(); // 2027 is published
  });
});

describe('United States (Federal Reserve), 2026', () => {
  it('skips Thanksgiving', () => {
    expect(dueAfter('2026-11-25T15:00:00Z', businessDays(1), US)).toBe('2026-11-27T22:00:00.000Z');
  });

  it('works Friday 3 July: Independence Day falls on a Saturday and the Reserve Banks do not move it', () => {
    expect(dueAfter('2026-07-02T14:00:00Z', businessDays(1), US)).toBe('2026-07-03T21:00:00.000Z');
  });
});

describe('past the end of the known calendar', () => {
  it('China is known through 2026 (the 2027 notice is not in the data): a deadline into 2027 is flagged', () => {
    expect(CN.knownThrough).toBe('2026-12-31');
    const d = cn('2026-12-24T02:00:00Z', 'STANDARD');
    // 15 days end Friday 8 January 2027, an unknown day: counted as a working day.
    expect(d.resolution).toMatchObject({ dueAt: '2027-01-08T15:59:59.999Z', beyondKnownCalendar: true });
    expect(d.resolution.reasons[0]).toContain('past the known calendar (2026-12-31)');
    // Unknown days count as working days, weekends too: the true deadline can only be later.
    expect(dueAfter('2026-12-31T02:00:00Z', businessDays(2), CN)).toBe('2027-01-02T09:00:00.000Z');
    // Deadlines that never consult holidays are exact, and not flagged.
    expect(dueAfterOnKnownCalendar('2026-12-24T02:00:00Z', { unit: 'CALENDAR_DAYS', amount: 15 }, CN).beyondKnownCalendar).toBe(false);
  });

  it('is earlier than the true deadline, which the year added by an admin gives, unflagged (England and Wales into 2028)', () => {
    const at = '2027-12-15T10:00:00Z';
    const conservative = dueAfterOnKnownCalendar(at, businessDays(15), UK);
    expect(conservative).toEqual({ dueAt: '2028-01-05T17:00:00.000Z', beyondKnownCalendar: true });
    const year2028: CalendarYear = { jurisdiction: 'UK', year: 2028, holidays: ['2028-01-03', '2028-04-14', '2028-04-17'], makeUpWorkingDays: [], source: 'test' };
    const extended = calendarFor('UK', [year2028]);
    expect(extended.knownThrough).toBe('2028-12-31');
    expect(dueAfterOnKnownCalendar(at, businessDays(15), extended)).toEqual({ dueAt: '2028-01-10T17:00:00.000Z', beyondKnownCalendar: false });
  });

  it('is never later than the true deadline, whatever the unknown year turns out to hold (China 2027)', () => {
    const day2027 = fc.integer({ min: 0, max: 120 }).map((n) => new Date(Date.UTC(2027, 0, 1 + n)).toISOString().slice(0, 10));
    const weekday = (d: string) => new Date(`${d}T00:00:00Z`).getUTCDay();
    fc.assert(
      fc.property(
        fc.uniqueArray(day2027, { maxLength: 25 }),
        fc.uniqueArray(day2027, { maxLength: 6 }),
        fc.integer({ min: 0, max: 20 }).map((n) => new Date(Date.UTC(2026, 11, 10 + n, 2 + (n % 8))).toISOString()),
        fc.constantFrom<Duration>(businessDays(1), businessDays(2), businessDays(10), businessHours(4), chinaDays(15), chinaDays(30)),
        (holidays, makeUps, receivedAt, duration) => {
          const trueYear: CalendarYear = {
            jurisdiction: 'CN',
            year: 2027,
            holidays,
            makeUpWorkingDays: makeUps.filter((d) => !holidays.includes(d) && (weekday(d) === 0 || weekday(d) === 6)),
            source: 'a possible 2027 notice',
          };
          const truth = dueAfter(receivedAt, duration, calendarFor('CN', [trueYear]));
          const conservative = dueAfterOnKnownCalendar(receivedAt, duration, CN);
          expect(Date.parse(conservative.dueAt)).toBeLessThanOrEqual(Date.parse(truth));
          if (conservative.dueAt !== truth) expect(conservative.beyondKnownCalendar).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });
});
