// ISO 20022 dates to instants. A camt date (ISODate) or a date-time without an offset is local to the
// bank's books: it is placed in the bank's time zone. A date-time with an offset is an instant already.
import { utcOffsetAt, wallClockAt } from '../../domain/time-zones';

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/;

/** The instant (UTC ISO string) of a wall-clock time in `timeZone`; a time skipped by DST moves forward. */
const instants = new Map<string, string>();

export function localToInstant(y: number, mo: number, d: number, h: number, mi: number, s: number, ms: number, timeZone: string): string {
  // A statement repeats a few dates thousands of times; Intl's formatToParts is the costly part.
  const key = `${timeZone}|${y}|${mo}|${d}|${h}|${mi}|${s}|${ms}`;
  const known = instants.get(key);
  if (known) return known;
  if (instants.size > 10_000) instants.clear();
  const instant = zonedInstant(y, mo, d, h, mi, s, ms, timeZone);
  instants.set(key, instant);
  return instant;
}

function zonedInstant(y: number, mo: number, d: number, h: number, mi: number, s: number, ms: number, timeZone: string): string {
  const wall = Date.UTC(y, mo - 1, d, h, mi, s, ms);
  let utc = wall - utcOffsetAt(wall, timeZone);
  utc = wall - utcOffsetAt(utc, timeZone);
  return new Date(utc).toISOString();
}

export type DateVerdict = { ok: true; instant: string; date: string } | { ok: false };

/**
 * A DateAndDateTimeChoice (Dt or DtTm) as an instant and the bank's calendar date. A bare date is the
 * start of that day (`atEndOfDay` for a closing balance: its last second).
 */
/** Verdicts by the text as written: a statement's entries share a few dates. Bounded like `instants`. */
const verdicts = new Map<string, DateVerdict>();

export function bankInstant(value: { date?: string; dateTime?: string }, timeZone: string, atEndOfDay = false): DateVerdict {
  // An empty text is absent either way (dateInstant tests truthiness), so "" stands for both; XML text
  // holds no U+0000, so the separator cannot occur in the parts.
  const key = `${timeZone}\u0000${atEndOfDay ? 1 : 0}\u0000${value.date ?? ''}\u0000${value.dateTime ?? ''}`;
  const known = verdicts.get(key);
  if (known) return known;
  if (verdicts.size > 10_000) verdicts.clear();
  const verdict = dateInstant(value, timeZone, atEndOfDay);
  verdicts.set(key, verdict);
  return verdict;
}

function dateInstant(value: { date?: string; dateTime?: string }, timeZone: string, atEndOfDay: boolean): DateVerdict {
  if (value.dateTime) {
    const m = DATE_TIME.exec(value.dateTime);
    if (!m) return { ok: false };
    const [, y, mo, d, h, mi, s, frac, zone] = m;
    const ms = frac ? Number(frac.slice(1, 4).padEnd(3, '0')) : 0;
    if (zone) {
      const t = Date.parse(`${y}-${mo}-${d}T${h}:${mi}:${s}.${String(ms).padStart(3, '0')}${zone}`);
      if (!Number.isFinite(t)) return { ok: false };
      return { ok: true, instant: new Date(t).toISOString(), date: localDate(t, timeZone) };
    }
    if (!validDate(+y!, +mo!, +d!) || +h! > 23 || +mi! > 59 || +s! > 59) return { ok: false };
    return { ok: true, instant: localToInstant(+y!, +mo!, +d!, +h!, +mi!, +s!, ms, timeZone), date: `${y}-${mo}-${d}` };
  }
  const m = value.date ? DATE.exec(value.date) : null;
  if (!m || !validDate(+m[1]!, +m[2]!, +m[3]!)) return { ok: false };
  const instant = atEndOfDay ? localToInstant(+m[1]!, +m[2]!, +m[3]!, 23, 59, 59, 0, timeZone) : localToInstant(+m[1]!, +m[2]!, +m[3]!, 0, 0, 0, 0, timeZone);
  return { ok: true, instant, date: value.date! };
}

/**
 * The instant a booking happened on the timeline: the start of its booking day in the bank's time zone,
 * whatever form the message gave the date in. A bank reports one booking as BookgDt/DtTm in the intraday
 * camt.054 and as BookgDt/Dt in the evening's camt.053; the timeline key holds occurredAt, so an instant
 * that depended on the form would put the one booking on the timeline twice.
 */
export function bookingDayStart(date: string, timeZone: string): string {
  const [y, mo, d] = date.split('-').map(Number) as [number, number, number];
  return localToInstant(y, mo, d, 0, 0, 0, 0, timeZone);
}

const validDate = (y: number, mo: number, d: number) => {
  const t = new Date(Date.UTC(y, mo - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d;
};

function localDate(utcMs: number, timeZone: string): string {
  const { year, month, day } = wallClockAt(utcMs, timeZone);
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
