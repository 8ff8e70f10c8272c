// A zone's wall clock and its offset from UTC at an instant, through Intl (no time-zone library): what
// complaint deadlines (business hours in the regulator's zone) and camt dates (the bank's books) share.
const formatters = new Map<string, Intl.DateTimeFormat>();

export const formatterFor = (timeZone: string) => {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
};

export interface WallClock {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
}

export const wallClockAt = (ms: number, timeZone: string): WallClock => {
  const parts: Record<string, number> = {};
  for (const p of formatterFor(timeZone).formatToParts(ms)) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  return {
    year: parts.year!,
    month: parts.month!,
    day: parts.day!,
    hour: parts.hour!,
    minute: parts.minute!,
    second: parts.second!,
  };
};

/** The zone's offset from UTC at an instant, in milliseconds (Shanghai +8 h, London 0 or +1 h). */
export const utcOffsetAt = (ms: number, timeZone: string): number => {
  const whole = Math.floor(ms / 1000) * 1000;
  const w = wallClockAt(whole, timeZone);
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - whole;
};

