import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addMonths,
  daysBetween,
  daysInMonth,
  reportingMonthBounds,
  reportingMonthOf,
} from '../../../shared/domain/segmentation/reporting-calendar';

describe('reporting months', () => {
  it('places an instant in the month of the reporting time zone, not of UTC', () => {
    // 07:00 on 1 November in Beijing is still 31 October in UTC.
    expect(reportingMonthOf('2026-11-01T07:00:00+08:00', 'Asia/Shanghai')).toBe('2026-11');
    expect(reportingMonthOf('2026-11-01T07:00:00+08:00', 'UTC')).toBe('2026-10');
    expect(reportingMonthOf('2026-10-31T15:59:59.999Z', 'Asia/Shanghai')).toBe('2026-10');
    expect(reportingMonthOf('2026-10-31T16:00:00.000Z', 'Asia/Shanghai')).toBe('2026-11');
  });

  it('gives the UTC instants a month spans, start inclusive and end exclusive', () => {
    expect(reportingMonthBounds('2026-11', 'Asia/Shanghai')).toMatchObject({
      startUtc: '2026-10-31T16:00:00.000Z',
      endUtc: '2026-11-30T16:00:00.000Z',
    });
    expect(reportingMonthBounds('2026-12', 'UTC')).toMatchObject({ startUtc: '2026-12-01T00:00:00.000Z', endUtc: '2027-01-01T00:00:00.000Z' });
  });

  it('follows daylight saving time where the zone has it', () => {
    // London is on BST (UTC+1) from 29 March 2026; New York leaves EDT at 02:00 on 1 November 2026.
    expect(reportingMonthBounds('2026-04', 'Europe/London').startUtc).toBe('2026-03-31T23:00:00.000Z');
    expect(reportingMonthBounds('2026-11', 'America/New_York')).toMatchObject({
      startUtc: '2026-11-01T04:00:00.000Z',
      endUtc: '2026-12-01T05:00:00.000Z',
    });
  });

  it('agrees with itself: an instant is in a month exactly when it lies within its bounds', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2040-01-01T00:00:00Z'), noInvalidDate: true }),
        fc.constantFrom('UTC', 'Asia/Shanghai', 'Europe/London', 'America/New_York', 'Pacific/Kiritimati', 'Asia/Kolkata'),
        (date, zone) => {
          const month = reportingMonthOf(date.toISOString(), zone);
          const { startMs, endMs } = reportingMonthBounds(month, zone);
          expect(date.getTime() >= startMs && date.getTime() < endMs).toBe(true);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('counts months and days on the calendar', () => {
    expect(addMonths('2026-11', 2)).toBe('2027-01');
    expect(addMonths('2026-01', -1)).toBe('2025-12');
    expect(addMonths('2026-03', -14)).toBe('2025-01');
    expect([daysInMonth('2028-02'), daysInMonth('2026-02'), daysInMonth('2026-11')]).toEqual([29, 28, 30]);
    expect(daysBetween('2026-01-15', '2026-04-15')).toBe(90);
    expect(daysBetween('2026-04-15', '2026-01-15')).toBe(-90);
    expect(() => addMonths('2026-13', 1)).toThrow(RangeError);
  });
});
