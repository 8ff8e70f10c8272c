// Request and response shapes of the complaint calendars' admin endpoints: the holidays (and China's
// make-up working days) of one jurisdiction and year, as an admin adds them when the year is published.
import * as z from 'zod/mini';
import { CALENDAR_JURISDICTIONS } from '../../domain/complaints/calendars/official-calendars';

export const CalendarPathParams = z.strictObject({ jurisdiction: z.enum(CALENDAR_JURISDICTIONS) });
export const CalendarYearPathParams = z.strictObject({
  jurisdiction: z.enum(CALENDAR_JURISDICTIONS),
  year: z.string().check(z.regex(/^20\d\d$/, 'a year from 2000 to 2099')),
});

const Dates = z.array(z.iso.date()).check(z.maxLength(60));

export const CalendarYearBody = z.strictObject({
  holidays: Dates.check(z.describe('Every day off of the year (YYYY-MM-DD), whatever its weekday.')),
  makeUpWorkingDays: z.optional(Dates).check(z.describe("Weekend days worked in exchange for a longer holiday (China's 调休)."),),
  source: z.string().check(z.minLength(3), z.maxLength(300), z.describe('The notice or publication the dates come from.')),
});
export type CalendarYearBody = z.infer<typeof CalendarYearBody>;

export const CalendarYearView = z.object({
  jurisdiction: z.enum(CALENDAR_JURISDICTIONS),
  year: z.number(),
  holidays: z.array(z.string()),
  makeUpWorkingDays: z.array(z.string()),
  source: z.string(),
  origin: z.enum(['OFFICIAL', 'ADMIN']).check(z.describe('Shipped with the code, or stored by an admin (which replaces the shipped year).')),
});

export const CalendarView = z.object({
  jurisdiction: z.enum(CALENDAR_JURISDICTIONS),
  knownThrough: z.nullable(z.string()).check(z.describe('The last day whose holidays are known; deadlines past it are conservative and flagged.')),
  years: z.array(CalendarYearView),
});
