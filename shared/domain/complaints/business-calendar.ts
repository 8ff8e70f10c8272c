// Business-day and business-hour arithmetic on a jurisdiction's calendar: its working week, working hours,
// time zone, public holidays and (in China) the weekend days worked in exchange for a longer holiday
// (调休 make-up working days). Time zones go through Intl, so a working day is 09:00–17:00 on the wall
// clock in Shanghai, London or New York whatever the daylight-saving season.
//
// Instants are ISO strings in and out (UTC out, "Z"); local calendar dates are "YYYY-MM-DD" strings.

import { formatterFor, utcOffsetAt, wallClockAt } from '../time-zones';

/** ISO weekday: Monday 1 … Sunday 7. */
export type Weekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;
/** A calendar date on the jurisdiction's wall calendar, "YYYY-MM-DD". */
export type LocalDate = string;

export interface BusinessCalendarConfig {
  /** IANA time zone, e.g. Asia/Shanghai, Europe/London, America/New_York. */
  readonly timeZone: string;
  readonly workingWeek: readonly Weekday[];
  /** Wall-clock opening and closing times, "HH:MM" (closing may be "24:00"). */
  readonly workingHours: { readonly start: string; readonly end: string };
  /** Public holidays on working-week days (holidays on a weekend change nothing). */
  readonly holidays: readonly LocalDate[];
  /** Days outside the working week that are worked (China's 调休 make-up days). */
  readonly makeUpWorkingDays?: readonly LocalDate[];
  /**
   * The last date whose holidays and make-up days are known (the end of the last published year).
   * Every later day counts as a working day, weekends included: an unknown holiday then shortens a
   * deadline instead of lengthening it, and an unknown make-up working day cannot be missed, so a
   * deadline computed past this date is never later than the true one. Undefined: everything known.
   */
  readonly knownThrough?: LocalDate;
}

export interface BusinessCalendar extends BusinessCalendarConfig {
  readonly openMinute: number;
  readonly closeMinute: number;
  readonly holidaySet: ReadonlySet<LocalDate>;
  readonly makeUpSet: ReadonlySet<LocalDate>;
  readonly workingWeekSet: ReadonlySet<Weekday>;
}

/**
 * How long something may take:
 * - BUSINESS_HOURS: working time only, e.g. 4 business hours from Friday 16:00 ends Monday 12:00.
 * - BUSINESS_DAYS: until close of business on the Nth business day after the day of receipt (the day of
 *   receipt does not count, as in the FCA's "business days after the day on which it received").
 * - CALENDAR_DAYS: until the end of the Nth calendar day after the day of receipt; `endsOnBusinessDay`
 *   moves a last day that falls on a rest day or holiday to the next business day (China's Civil Code).
 * - WEEKS: until the end of the same weekday N weeks later (FCA: "by the end of eight weeks").
 */
export type Duration =
  | { readonly unit: 'BUSINESS_HOURS'; readonly amount: number }
  | { readonly unit: 'BUSINESS_DAYS'; readonly amount: number }
  | { readonly unit: 'CALENDAR_DAYS'; readonly amount: number; readonly endsOnBusinessDay?: boolean }
  | { readonly unit: 'WEEKS'; readonly amount: number };

export const describeDuration = (d: Duration): string => {
  const unit = { BUSINESS_HOURS: 'business hour', BUSINESS_DAYS: 'business day', CALENDAR_DAYS: 'calendar day', WEEKS: 'week' }[d.unit];
  return `${d.amount} ${unit}${d.amount === 1 ? '' : 's'}`;
};

// ---------------------------------------------------------------------------------------------------
// Local dates

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
export const DAY_MS = 86_400_000;

const parseDate = (date: LocalDate): [number, number, number] => {
  const m = DATE.exec(date);
  if (!m) throw new RangeError(`not a calendar date (YYYY-MM-DD): ${date}`);
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (new Date(Date.UTC(y, mo - 1, d)).toISOString().slice(0, 10) !== date) {
    throw new RangeError(`no such calendar date: ${date}`);
  }
  return [y, mo, d];
};

const formatUtcDate = (ms: number): LocalDate => new Date(ms).toISOString().slice(0, 10);

export const addCalendarDays = (date: LocalDate, days: number): LocalDate => {
  const [y, m, d] = parseDate(date);
  return formatUtcDate(Date.UTC(y, m - 1, d + days));
};

export const weekdayOf = (date: LocalDate): Weekday => {
  const [y, m, d] = parseDate(date);
  const js = new Date(Date.UTC(y, m - 1, d)).getUTCDay(); // Sunday 0
  return (js === 0 ? 7 : js) as Weekday;
};

// Time zones: shared/domain/time-zones.ts (utcOffsetAt is re-exported for the calendar's users).
export { utcOffsetAt };

const toMs = (instant: string | number): number => {
  const ms = typeof instant === 'number' ? instant : Date.parse(instant);
  if (Number.isNaN(ms)) throw new RangeError(`not an instant: ${instant}`);
  return ms;
};

/** The calendar date on the zone's wall clock at an instant. */
export const localDateOf = (instant: string | number, timeZone: string): LocalDate => {
  const w = wallClockAt(toMs(instant), timeZone);
  return formatUtcDate(Date.UTC(w.year, w.month - 1, w.day));
};

/**
 * The instant at which the zone's wall clock shows `minuteOfDay` on `date`. A wall time skipped by a
 * daylight-saving change is taken as the first instant after the gap; a wall time repeated by one, as
 * its first occurrence.
 */
export const instantAtLocalTime = (date: LocalDate, minuteOfDay: number, timeZone: string): number => {
  const [y, m, d] = parseDate(date);
  const wall = Date.UTC(y, m - 1, d, 0, minuteOfDay);
  // Offsets change at most once a day: the offsets a day either side are the only candidates.
  const before = wall - utcOffsetAt(wall - DAY_MS, timeZone);
  const after = wall - utcOffsetAt(wall + DAY_MS, timeZone);
  const shows = (t: number) => t + utcOffsetAt(t, timeZone) === wall;
  const candidates = [before, after].filter(shows);
  // In a gap, reading the wall time with the offset before the change lands just after the gap.
  return candidates.length ? Math.min(...candidates) : before;
};

// ---------------------------------------------------------------------------------------------------
// The calendar

const parseClock = (hhmm: string, what: string): number => {
  const m = /^(\d{2}):(\d{2})$/.exec(hhmm);
  const minutes = m ? Number(m[1]) * 60 + Number(m[2]) : NaN;
  if (!m || Number(m[2]) > 59 || minutes > 24 * 60) throw new RangeError(`${what} must be HH:MM, got ${hhmm}`);
  return minutes;
};

/** Validate a calendar's configuration once (fail fast at start-up, not at the first deadline). */
export const defineBusinessCalendar = (config: BusinessCalendarConfig): BusinessCalendar => {
  try {
    formatterFor(config.timeZone);
  } catch {
    throw new RangeError(`unknown time zone: ${config.timeZone}`);
  }
  const openMinute = parseClock(config.workingHours.start, 'working hours start');
  const closeMinute = parseClock(config.workingHours.end, 'working hours end');
  if (openMinute >= closeMinute) throw new RangeError('working hours must start before they end');
  if (config.workingWeek.length === 0) throw new RangeError('the working week needs at least one day');
  for (const day of config.workingWeek) {
    if (!Number.isInteger(day) || day < 1 || day > 7) throw new RangeError(`not an ISO weekday: ${day}`);
  }
  const makeUp = config.makeUpWorkingDays ?? [];
  [...config.holidays, ...makeUp, ...(config.knownThrough ? [config.knownThrough] : [])].forEach(parseDate);
  const holidaySet = new Set(config.holidays);
  const clash = makeUp.find((d) => holidaySet.has(d));
  if (clash) throw new RangeError(`${clash} is both a holiday and a make-up working day`);
  return Object.freeze({
    ...config,
    makeUpWorkingDays: makeUp,
    openMinute,
    closeMinute,
    holidaySet,
    makeUpSet: new Set(makeUp),
    workingWeekSet: new Set(config.workingWeek),
  });
};

/** Whether a date lies past the known calendar (see {@link BusinessCalendarConfig.knownThrough}). */
export const isBeyondKnownCalendar = (date: LocalDate, calendar: BusinessCalendarConfig): boolean =>
  calendar.knownThrough !== undefined && date > calendar.knownThrough;

export const isBusinessDay = (date: LocalDate, calendar: BusinessCalendar): boolean => {
  if (isBeyondKnownCalendar(date, calendar)) return true;
  if (calendar.makeUpSet.has(date)) return true;
  if (calendar.holidaySet.has(date)) return false;
  return calendar.workingWeekSet.has(weekdayOf(date));
};

// No real calendar has a year without a business day; the bound turns a misconfiguration into an error
// instead of an endless loop.
const SEARCH_LIMIT_DAYS = 366 * 5;

/** The first business day strictly after `date`. */
export const nextBusinessDay = (date: LocalDate, calendar: BusinessCalendar): LocalDate => addBusinessDays(date, 1, calendar);

/** The Nth business day strictly after `date` (N ≥ 1). */
export const addBusinessDays = (date: LocalDate, n: number, calendar: BusinessCalendar): LocalDate => {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`business days must be a positive integer, got ${n}`);
  let current = date;
  let remaining = n;
  for (let i = 0; i < SEARCH_LIMIT_DAYS + n * 7; i++) {
    current = addCalendarDays(current, 1);
    if (isBusinessDay(current, calendar) && --remaining === 0) return current;
  }
  throw new RangeError('the calendar has no business days in reach');
};

/** Business days strictly after `from` up to and including `to` (0 if `to` is not after `from`). */
export const businessDaysBetween = (from: LocalDate, to: LocalDate, calendar: BusinessCalendar): number => {
  let count = 0;
  for (let d = addCalendarDays(from, 1); d <= to; d = addCalendarDays(d, 1)) {
    if (isBusinessDay(d, calendar)) count++;
  }
  return count;
};

export const openingTime = (date: LocalDate, calendar: BusinessCalendar): number =>
  instantAtLocalTime(date, calendar.openMinute, calendar.timeZone);

export const closeOfBusiness = (date: LocalDate, calendar: BusinessCalendar): number =>
  instantAtLocalTime(date, calendar.closeMinute, calendar.timeZone);

/** The last millisecond of a local date: a deadline "by the end of the day" is met until then. */
export const endOfLocalDay = (date: LocalDate, timeZone: string): number =>
  instantAtLocalTime(addCalendarDays(date, 1), 0, timeZone) - 1;

/** `hours` of working time after `from`: only time within working hours on business days counts. */
export const addBusinessHours = (from: string | number, hours: number, calendar: BusinessCalendar): number => {
  if (!(hours > 0) || !Number.isFinite(hours)) throw new RangeError(`business hours must be positive, got ${hours}`);
  const start = toMs(from);
  let remaining = Math.round(hours * 3_600_000);
  let date = localDateOf(start, calendar.timeZone);
  for (let i = 0; i < SEARCH_LIMIT_DAYS + Math.ceil(hours / 24) * 7; i++, date = addCalendarDays(date, 1)) {
    if (!isBusinessDay(date, calendar)) continue;
    const begin = Math.max(start, openingTime(date, calendar));
    const close = closeOfBusiness(date, calendar);
    if (begin >= close) continue;
    if (remaining <= close - begin) return begin + remaining;
    remaining -= close - begin;
  }
  throw new RangeError('the calendar has no business hours in reach');
};

/** When `duration` counted from `receivedAt` runs out on `calendar` (see {@link Duration}). ISO, UTC. */
export const dueAfter = (receivedAt: string, duration: Duration, calendar: BusinessCalendar): string => {
  if (!(duration.amount > 0)) throw new RangeError(`a duration must be positive, got ${duration.amount}`);
  const receivedOn = localDateOf(receivedAt, calendar.timeZone);
  switch (duration.unit) {
    case 'BUSINESS_HOURS':
      return new Date(addBusinessHours(receivedAt, duration.amount, calendar)).toISOString();
    case 'BUSINESS_DAYS':
      return new Date(closeOfBusiness(addBusinessDays(receivedOn, duration.amount, calendar), calendar)).toISOString();
    case 'CALENDAR_DAYS': {
      let last = addCalendarDays(receivedOn, duration.amount);
      if (duration.endsOnBusinessDay && !isBusinessDay(last, calendar)) last = nextBusinessDay(last, calendar);
      return new Date(endOfLocalDay(last, calendar.timeZone)).toISOString();
    }
    case 'WEEKS':
      return new Date(endOfLocalDay(addCalendarDays(receivedOn, duration.amount * 7), calendar.timeZone)).toISOString();
  }
};


/**
 * `dueAfter`, and whether its answer depended on days past the known calendar: then it is conservative
 * (never later than the true one) but provisional, and the complaint must be flagged. Calendar days
 * without a move off rest days, and weeks, never consult the holidays: they are exact whatever the year.
 */
export const dueAfterOnKnownCalendar = (
  receivedAt: string,
  duration: Duration,
  calendar: BusinessCalendar,
): { readonly dueAt: string; readonly beyondKnownCalendar: boolean } => {
  const dueAt = dueAfter(receivedAt, duration, calendar);
  const consultsHolidays = duration.unit === 'BUSINESS_HOURS' || duration.unit === 'BUSINESS_DAYS' || (duration.unit === 'CALENDAR_DAYS' && duration.endsOnBusinessDay === true);
  return { dueAt, beyondKnownCalendar: consultsHolidays && isBeyondKnownCalendar(localDateOf(dueAt, calendar.timeZone), calendar) };
};

/** Days from `now`'s local date to the last known day (0 on it, negative past it); undefined if all is known. */
export const daysKnownAhead = (calendar: BusinessCalendar, now: string): number | undefined => {
  if (!calendar.knownThrough) return undefined;
  const today = localDateOf(now, calendar.timeZone);
  return Math.round((Date.parse(`${calendar.knownThrough}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / DAY_MS);
};
