// Calendar months as the bank reports them. Keys store instants in UTC; a month, though, is the bank's
// local calendar month in its reporting time zone (an IANA name, configured per stage). The core's own
// business dates (a balance's asOf, an account's openedOn) are already local calendar dates and are
// taken as they are; only instants (transactions, interactions, loan status changes) are placed into
// months here, so both kinds of fact agree on which month they belong to.

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export const isMonth = (s: string) => MONTH.test(s);

export function isTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

const parseMonth = (month: string): { year: number; month: number } => {
  const m = MONTH.exec(month);
  if (!m) throw new RangeError(`'${month}' is not a month (YYYY-MM)`);
  return { year: Number(m[1]), month: Number(m[2]) };
};

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** `month` shifted by `n` months (negative goes back). */
export function addMonths(month: string, n: number): string {
  const { year, month: m } = parseMonth(month);
  const index = year * 12 + (m - 1) + n;
  return `${pad(Math.floor(index / 12), 4)}-${pad((index % 12) + 1)}`;
}

export function daysInMonth(month: string): number {
  const { year, month: m } = parseMonth(month);
  return new Date(Date.UTC(year, m, 0)).getUTCDate();
}

/** Whole days from `from` to `to` (calendar dates, YYYY-MM-DD); negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  const day = (d: string) => {
    const m = DATE.exec(d);
    if (!m) throw new RangeError(`'${d}' is not a date (YYYY-MM-DD)`);
    return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / 86_400_000;
  };
  return day(to) - day(from);
}

const formatters = new Map<string, Intl.DateTimeFormat>();
const formatterFor = (timeZone: string) => {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', hourCycle: 'h23' });
    formatters.set(timeZone, f);
  }
  return f;
};

const monthAt = (epochMs: number, timeZone: string): string => {
  if (timeZone === 'UTC') return new Date(epochMs).toISOString().slice(0, 7);
  const parts = formatterFor(timeZone).formatToParts(epochMs);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year').padStart(4, '0')}-${get('month')}`;
};

/** The reporting month (YYYY-MM) an ISO instant falls in. */
export function reportingMonthOf(instant: string, timeZone: string): string {
  const t = Date.parse(instant);
  if (!Number.isFinite(t)) throw new RangeError(`'${instant}' is not an instant`);
  return monthAt(t, timeZone);
}

/**
 * The UTC instants a reporting month spans: [start, end). With a time zone other than UTC these are
 * not UTC month prefixes, so a timeline Query for the month uses them as its key range.
 */
export function reportingMonthBounds(month: string, timeZone: string): { startMs: number; endMs: number; startUtc: string; endUtc: string } {
  const startMs = firstInstantOf(month, timeZone);
  const endMs = firstInstantOf(addMonths(month, 1), timeZone);
  return { startMs, endMs, startUtc: new Date(startMs).toISOString(), endUtc: new Date(endMs).toISOString() };
}

/**
 * The first millisecond whose local month is `month`: found by bisection around UTC midnight, because
 * local midnight may not exist (a daylight-saving jump at midnight) and offsets reach ±14 hours.
 */
function firstInstantOf(month: string, timeZone: string): number {
  const { year, month: m } = parseMonth(month);
  const utcMidnight = Date.UTC(year, m - 1, 1);
  if (timeZone === 'UTC') return utcMidnight;
  let before = utcMidnight - 15 * 3_600_000; // local time is still in the previous month here
  let after = utcMidnight + 15 * 3_600_000; // and already in this month here
  while (after - before > 1) {
    const mid = Math.floor((before + after) / 2);
    if (monthAt(mid, timeZone) >= month) after = mid;
    else before = mid;
  }
  return after;
}
