// Calendar arithmetic for the simulator: days as integers (days since 1970-01-01), local times in the
// customer's own time zone, instants written with their offset as core banking writes them.

export type TimeZone = 'Asia/Shanghai' | 'Europe/London';

const DAY_MS = 86_400_000;

/** Day number of an ISO calendar date (YYYY-MM-DD). */
export function dayNumber(isoDate: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  if (!match) throw new Error(`not an ISO date: ${isoDate}`);
  const [, y, m, d] = match;
  const ms = Date.UTC(Number(y), Number(m) - 1, Number(d));
  if (isoDateOf(ms) !== isoDate) throw new Error(`not a calendar date: ${isoDate}`);
  return ms / DAY_MS;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

function isoDateOf(ms: number): string {
  const d = new Date(ms);
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

type DayFacts = { iso: string; dayOfMonth: number; weekday: number; lastOfMonth: boolean };

// A simulation asks the same few dozen days the same questions millions of times: answer from memory.
const facts = new Map<number, DayFacts>();
function dayFacts(day: number): DayFacts {
  let f = facts.get(day);
  if (!f) {
    const d = new Date(day * DAY_MS);
    f = {
      iso: isoDateOf(day * DAY_MS),
      dayOfMonth: d.getUTCDate(),
      weekday: d.getUTCDay(),
      lastOfMonth: new Date((day + 1) * DAY_MS).getUTCDate() === 1,
    };
    if (facts.size > 100_000) facts.clear();
    facts.set(day, f);
  }
  return f;
}

export const isoDate = (day: number) => dayFacts(day).iso;

export const dayOfMonth = (day: number) => dayFacts(day).dayOfMonth;

/** 0 = Sunday … 6 = Saturday. */
export const weekday = (day: number) => dayFacts(day).weekday;

export const isWeekend = (day: number) => weekday(day) === 0 || weekday(day) === 6;

export const isLastDayOfMonth = (day: number) => dayFacts(day).lastOfMonth;

/** The same day of the month `months` later (or earlier), clamped to the month's last day. */
export function addMonths(day: number, months: number): number {
  const d = new Date(day * DAY_MS);
  const target = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, 1));
  const lastOfTarget = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d.getUTCDate(), lastOfTarget));
  return target.getTime() / DAY_MS;
}

/** Last Sunday of a month, at 01:00 UTC: when British Summer Time starts (March) and ends (October). */
function lastSundayAt0100Utc(year: number, monthIndex: number): number {
  const last = new Date(Date.UTC(year, monthIndex + 1, 0));
  last.setUTCDate(last.getUTCDate() - last.getUTCDay());
  return last.getTime() + 3_600_000;
}

function britishSummerTime(utcMs: number): boolean {
  const year = new Date(utcMs).getUTCFullYear();
  return utcMs >= lastSundayAt0100Utc(year, 2) && utcMs < lastSundayAt0100Utc(year, 9);
}

/** Offset from UTC in minutes at a local wall-clock time. China keeps +08:00 all year. */
function offsetMinutes(zone: TimeZone, localMs: number): number {
  if (zone === 'Asia/Shanghai') return 480;
  return britishSummerTime(localMs - 3_600_000) ? 60 : 0;
}

export type ZonedInstant = { iso: string; utcMs: number };

/**
 * The instant at `secondOfDay` local time on `day` in `zone`, written with its offset
 * (e.g. 2026-10-01T09:30:00+08:00). The simulator schedules nothing in the hour clocks change.
 */
export function zonedInstant(zone: TimeZone, day: number, secondOfDay: number): ZonedInstant {
  const localMs = day * DAY_MS + secondOfDay * 1000;
  const offset = offsetMinutes(zone, localMs);
  const utcMs = localMs - offset * 60_000;
  const hh = Math.floor(secondOfDay / 3600);
  const mm = Math.floor((secondOfDay % 3600) / 60);
  const ss = secondOfDay % 60;
  const sign = offset >= 0 ? '+' : '-';
  const off = Math.abs(offset);
  const iso = `${isoDate(day)}T${pad(hh)}:${pad(mm)}:${pad(ss)}${sign}${pad(Math.floor(off / 60))}:${pad(off % 60)}`;
  return { iso, utcMs };
}

/** First instant (UTC ms) of local `day` in `zone`. */
export const startOfLocalDay = (zone: TimeZone, day: number) => zonedInstant(zone, day, 0).utcMs;

export const hours = (h: number, m = 0, s = 0) => h * 3600 + m * 60 + s;
