// The business calendars of the three jurisdictions the bank serves, built from the official holiday
// years (calendars/official-calendars.ts) plus any year an admin stored. A calendar knows the years it
// was given, without a gap from the first: its `knownThrough` is the last day of the last of them, and a
// deadline that reaches past it is computed conservatively and flagged (see business-calendar.ts).
import { type BusinessCalendar, defineBusinessCalendar, type Weekday } from './business-calendar';
import { CALENDAR_JURISDICTIONS, type CalendarJurisdiction, type CalendarYear, OFFICIAL_CALENDAR_YEARS } from './calendars/official-calendars';

export const JURISDICTIONS = CALENDAR_JURISDICTIONS;
export type Jurisdiction = CalendarJurisdiction;

const MON_TO_FRI: readonly Weekday[] = [1, 2, 3, 4, 5];

const WORKING_TIME: Readonly<Record<Jurisdiction, { timeZone: string }>> = {
  CN: { timeZone: 'Asia/Shanghai' },
  UK: { timeZone: 'Europe/London' },
  US: { timeZone: 'America/New_York' },
};

/**
 * The years of a jurisdiction in force: a stored (admin) year replaces the official one of the same year.
 * Sorted by year.
 */
export const yearsInForce = (jurisdiction: Jurisdiction, stored: readonly CalendarYear[] = []): CalendarYear[] => {
  const byYear = new Map<number, CalendarYear>();
  for (const y of OFFICIAL_CALENDAR_YEARS) if (y.jurisdiction === jurisdiction) byYear.set(y.year, y);
  for (const y of stored) if (y.jurisdiction === jurisdiction) byYear.set(y.year, y);
  return [...byYear.values()].sort((a, b) => a.year - b.year);
};

/** The last day of the unbroken run of known years from the first one. */
export const knownThroughOf = (years: readonly CalendarYear[]): string | undefined => {
  if (years.length === 0) return undefined;
  let last = years[0]!.year;
  for (const y of years.slice(1)) {
    if (y.year !== last + 1) break;
    last = y.year;
  }
  return `${last}-12-31`;
};

export const calendarFor = (
  jurisdiction: Jurisdiction,
  stored: readonly CalendarYear[] = [],
  extra: { holidays?: readonly string[]; makeUpWorkingDays?: readonly string[] } = {},
): BusinessCalendar => {
  const years = yearsInForce(jurisdiction, stored);
  const knownThrough = knownThroughOf(years);
  return defineBusinessCalendar({
    timeZone: WORKING_TIME[jurisdiction].timeZone,
    workingWeek: MON_TO_FRI,
    workingHours: { start: '09:00', end: '17:00' },
    holidays: [...new Set([...years.flatMap((y) => y.holidays), ...(extra.holidays ?? [])])],
    makeUpWorkingDays: [...new Set([...years.flatMap((y) => y.makeUpWorkingDays), ...(extra.makeUpWorkingDays ?? [])])],
    ...(knownThrough ? { knownThrough } : {}),
  });
};

/** The official calendars as shipped, before any admin extension. */
export const DEFAULT_CALENDARS: Readonly<Record<Jurisdiction, BusinessCalendar>> = {
  CN: calendarFor('CN'),
  UK: calendarFor('UK'),
  US: calendarFor('US'),
};
