import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addBusinessDays,
  addBusinessHours,
  businessDaysBetween,
  type BusinessCalendar,
  closeOfBusiness,
  defineBusinessCalendar,
  dueAfter,
  instantAtLocalTime,
  isBusinessDay,
  localDateOf,
  openingTime,
  weekdayOf,
} from '../../../shared/domain/complaints/business-calendar';
import { DEFAULT_CALENDARS } from '../../../shared/domain/complaints/jurisdiction-calendars';
import { OFFICIAL_CALENDAR_YEARS } from '../../../shared/domain/complaints/calendars/official-calendars';

const { CN, UK, US } = DEFAULT_CALENDARS;
const iso = (ms: number) => new Date(ms).toISOString();

describe('default holiday data', () => {
  it('puts UK and US bank holidays on weekdays and China\'s make-up days on weekends', () => {
    const of = (j: string) => OFFICIAL_CALENDAR_YEARS.filter((y) => y.jurisdiction === j);
    for (const d of [...of('UK'), ...of('US')].flatMap((y) => y.holidays)) expect(weekdayOf(d), d).toBeLessThanOrEqual(5);
    for (const d of of('CN').flatMap((y) => y.makeUpWorkingDays)) expect(weekdayOf(d), d).toBeGreaterThanOrEqual(6);
  });

  it('knows its weekdays', () => {
    expect(weekdayOf('2025-01-01')).toBe(3); // Wednesday
    expect(weekdayOf('2025-03-30')).toBe(7); // Sunday
    expect(weekdayOf('2024-02-29')).toBe(4); // leap day, Thursday
  });
});

describe('business days', () => {
  it('skips weekends and holidays across the UK year end', () => {
    expect(addBusinessDays('2025-12-24', 1, UK)).toBe('2025-12-29'); // 25, 26 holidays; 27, 28 weekend
    expect(addBusinessDays('2025-12-24', 3, UK)).toBe('2025-12-31');
    expect(addBusinessDays('2025-12-24', 4, UK)).toBe('2026-01-02'); // 1 January
    expect(businessDaysBetween('2025-12-24', '2026-01-02', UK)).toBe(4);
  });

  it('works China\'s make-up weekend days and skips the Golden Week', () => {
    expect(isBusinessDay('2025-09-28', CN)).toBe(true); // Sunday, worked
    expect(isBusinessDay('2025-10-06', CN)).toBe(false); // Monday, holiday
    expect(addBusinessDays('2025-09-26', 1, CN)).toBe('2025-09-28');
    expect(addBusinessDays('2025-09-30', 1, CN)).toBe('2025-10-09'); // 1–8 October off
    expect(addBusinessDays('2025-09-30', 3, CN)).toBe('2025-10-11'); // Saturday, worked
    expect(addBusinessDays('2025-09-30', 4, CN)).toBe('2025-10-13');
  });

  it('skips the Spring Festival and works the Sunday before it', () => {
    expect(addBusinessDays('2025-01-24', 1, CN)).toBe('2025-01-26');
    expect(addBusinessDays('2025-01-24', 2, CN)).toBe('2025-01-27');
    expect(addBusinessDays('2025-01-24', 3, CN)).toBe('2025-02-05');
    expect(addBusinessDays('2025-02-05', 3, CN)).toBe('2025-02-08'); // Saturday, worked
  });

  it('crosses month ends and US holidays; a Saturday holiday moves nothing for a bank', () => {
    expect(addBusinessDays('2025-05-23', 1, US)).toBe('2025-05-27'); // Memorial Day
    expect(addBusinessDays('2025-05-30', 1, US)).toBe('2025-06-02');
    expect(addBusinessDays('2025-02-27', 2, US)).toBe('2025-03-03');
    expect(isBusinessDay('2026-07-03', US)).toBe(true); // 4 July 2026 is a Saturday: the Fed opens on the Friday
  });

  it('counts leap days', () => {
    const plain = defineBusinessCalendar({ timeZone: 'UTC', workingWeek: [1, 2, 3, 4, 5], workingHours: { start: '09:00', end: '17:00' }, holidays: [] });
    expect(addBusinessDays('2024-02-28', 1, plain)).toBe('2024-02-29');
    expect(addBusinessDays('2024-02-29', 1, plain)).toBe('2024-03-01');
  });

  it('lands on a business day exactly N business days later (any start)', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('2025-01-01'), max: new Date('2026-10-31'), noInvalidDate: true }), fc.integer({ min: 1, max: 40 }), fc.constantFrom(CN, UK, US), (d, n, cal) => {
        const start = d.toISOString().slice(0, 10);
        const end = addBusinessDays(start, n, cal);
        expect(isBusinessDay(end, cal)).toBe(true);
        expect(businessDaysBetween(start, end, cal)).toBe(n);
      }),
    );
  });
});

describe('time zones', () => {
  it('reads the local date on the jurisdiction\'s wall clock', () => {
    expect(localDateOf('2025-03-27T17:00:00Z', 'Asia/Shanghai')).toBe('2025-03-28');
    expect(localDateOf('2025-03-27T17:00:00Z', 'America/New_York')).toBe('2025-03-27');
  });

  it('counts business days from the local date of receipt, not the UTC one', () => {
    // Thursday 17:00 UTC is Friday 01:00 in Shanghai: one business day later is Monday, not Friday.
    expect(dueAfter('2025-03-27T17:00:00Z', { unit: 'BUSINESS_DAYS', amount: 1 }, CN)).toBe('2025-03-31T09:00:00.000Z');
  });

  it('keeps working hours on the wall clock across DST in London', () => {
    expect(iso(openingTime('2025-03-28', UK))).toBe('2025-03-28T09:00:00.000Z'); // GMT
    expect(iso(openingTime('2025-03-31', UK))).toBe('2025-03-31T08:00:00.000Z'); // BST
    // Friday 15:30 GMT + 4 business hours: 1.5 h on Friday, 2.5 h on Monday (now BST) → 11:30 BST.
    expect(dueAfter('2025-03-28T15:30:00Z', { unit: 'BUSINESS_HOURS', amount: 4 }, UK)).toBe('2025-03-31T10:30:00.000Z');
    // Autumn: Friday 16:00 BST + 4 h → Monday 12:00 GMT.
    expect(dueAfter('2025-10-24T15:00:00Z', { unit: 'BUSINESS_HOURS', amount: 4 }, UK)).toBe('2025-10-27T12:00:00.000Z');
    expect(dueAfter('2025-03-28T10:00:00Z', { unit: 'BUSINESS_DAYS', amount: 1 }, UK)).toBe('2025-03-31T16:00:00.000Z');
  });

  it('keeps working hours on the wall clock across DST in New York', () => {
    // Friday 15:00 EST + 4 h → Monday 11:00 EDT.
    expect(dueAfter('2025-03-07T20:00:00Z', { unit: 'BUSINESS_HOURS', amount: 4 }, US)).toBe('2025-03-10T15:00:00.000Z');
    // Friday 15:00 EDT + 4 h → Monday 11:00 EST.
    expect(dueAfter('2025-10-31T19:00:00Z', { unit: 'BUSINESS_HOURS', amount: 4 }, US)).toBe('2025-11-03T16:00:00.000Z');
  });

  it('resolves wall times skipped or repeated by a DST change', () => {
    expect(iso(instantAtLocalTime('2025-03-30', 90, 'Europe/London'))).toBe('2025-03-30T01:30:00.000Z'); // 01:30 skipped → 02:30 BST
    expect(iso(instantAtLocalTime('2025-10-26', 90, 'Europe/London'))).toBe('2025-10-26T00:30:00.000Z'); // first 01:30
    expect(iso(instantAtLocalTime('2025-03-09', 150, 'America/New_York'))).toBe('2025-03-09T07:30:00.000Z');
    expect(iso(instantAtLocalTime('2025-11-02', 90, 'America/New_York'))).toBe('2025-11-02T05:30:00.000Z');
  });
});

describe('business hours', () => {
  it('start at opening time when received before it, or on a closed day', () => {
    expect(dueAfter('2025-06-10T00:30:00Z', { unit: 'BUSINESS_HOURS', amount: 4 }, CN)).toBe('2025-06-10T05:00:00.000Z'); // 08:30 CST → 13:00
    expect(dueAfter('2025-06-07T03:00:00Z', { unit: 'BUSINESS_HOURS', amount: 4 }, CN)).toBe('2025-06-09T05:00:00.000Z'); // Saturday → Monday 13:00
  });

  it('carry over to the next business day, including a Chinese make-up Sunday', () => {
    // Friday 26 September 16:00 CST + 4 h: 1 h Friday, 3 h on Sunday 28 September (worked) → 12:00 CST.
    expect(dueAfter('2025-09-26T08:00:00Z', { unit: 'BUSINESS_HOURS', amount: 4 }, CN)).toBe('2025-09-28T04:00:00.000Z');
    // Tuesday 30 September 16:00 CST + 4 h: 1 h, then nothing until Thursday 9 October → 12:00 CST.
    expect(dueAfter('2025-09-30T08:00:00Z', { unit: 'BUSINESS_HOURS', amount: 4 }, CN)).toBe('2025-10-09T04:00:00.000Z');
  });

  it('end exactly at close of business when the hours fit to the minute', () => {
    expect(addBusinessHours('2025-06-10T05:00:00Z', 4, CN)).toBe(closeOfBusiness('2025-06-10', CN)); // 13:00 + 4 h = 17:00 CST
  });

  it('add up: h1 then h2 equals h1 + h2, and always end within working hours on a business day', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2025-01-01'), max: new Date('2026-10-31'), noInvalidDate: true }),
        fc.integer({ min: 1, max: 30 }),
        fc.integer({ min: 1, max: 30 }),
        fc.constantFrom(CN, UK, US),
        (d, h1, h2, cal: BusinessCalendar) => {
          const once = addBusinessHours(d.getTime(), h1 + h2, cal);
          const twice = addBusinessHours(addBusinessHours(d.getTime(), h1, cal), h2, cal);
          expect(iso(twice)).toBe(iso(once));
          const day = localDateOf(once, cal.timeZone);
          expect(isBusinessDay(day, cal)).toBe(true);
          expect(once).toBeGreaterThan(openingTime(day, cal));
          expect(once).toBeLessThanOrEqual(closeOfBusiness(day, cal));
        },
      ),
    );
  });
});

describe('calendar configuration', () => {
  const base = { timeZone: 'Europe/London', workingWeek: [1, 2, 3, 4, 5] as const, workingHours: { start: '09:00', end: '17:00' }, holidays: [] };
  it('refuses an unknown time zone, inverted hours, an empty week, bad dates and a holiday that is also worked', () => {
    expect(() => defineBusinessCalendar({ ...base, timeZone: 'Mars/Olympus' })).toThrow(/time zone/);
    expect(() => defineBusinessCalendar({ ...base, workingHours: { start: '17:00', end: '09:00' } })).toThrow(/start before/);
    expect(() => defineBusinessCalendar({ ...base, workingWeek: [] })).toThrow(/at least one day/);
    expect(() => defineBusinessCalendar({ ...base, holidays: ['2025-02-30'] })).toThrow(/no such calendar date/);
    expect(() => defineBusinessCalendar({ ...base, holidays: ['2025-09-28'], makeUpWorkingDays: ['2025-09-28'] })).toThrow(/both/);
  });

  it('supports another working week (Sunday to Thursday)', () => {
    const gulf = defineBusinessCalendar({ ...base, timeZone: 'Asia/Dubai', workingWeek: [7, 1, 2, 3, 4] });
    expect(addBusinessDays('2025-06-05', 1, gulf)).toBe('2025-06-08'); // Thursday → Sunday
  });
});
