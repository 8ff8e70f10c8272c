// EventBridge schedule expressions: rate(value unit) and cron(minutes hours day-of-month month
// day-of-week year), in UTC. Pure: `next` is given the instant to search from.

export type Schedule = { expression: string; next: (after: Date) => Date | undefined };

export class ScheduleExpressionError extends Error {
  override name = 'ValidationException';
}

const invalid = (expression: string) => new ScheduleExpressionError(`Parameter ScheduleExpression is not valid.`);

export function parseSchedule(expression: string): Schedule {
  const rate = /^rate\((\d+)\s+(minute|minutes|hour|hours|day|days)\)$/.exec(expression.trim());
  if (rate) {
    const value = Number(rate[1]);
    const unit = rate[2]!;
    // EventBridge wants the singular with 1 and the plural otherwise.
    if (value < 1 || (value === 1) !== !unit.endsWith('s')) throw invalid(expression);
    const ms = value * { minute: 60_000, hour: 3_600_000, day: 86_400_000 }[unit.replace(/s$/, '') as 'minute' | 'hour' | 'day'];
    return { expression, next: (after) => new Date(after.getTime() + ms) };
  }
  const cron = /^cron\((.*)\)$/.exec(expression.trim());
  if (!cron) throw invalid(expression);
  const fields = cron[1]!.trim().split(/\s+/);
  if (fields.length !== 6) throw invalid(expression);
  const [minutes, hours, dayOfMonth, month, dayOfWeek, year] = fields as [string, string, string, string, string, string];
  // Exactly one of day-of-month and day-of-week must be '?'.
  if ((dayOfMonth === '?') === (dayOfWeek === '?')) throw invalid(expression);
  try {
    const matchMinute = numberField(minutes, 0, 59);
    const matchHour = numberField(hours, 0, 23);
    const matchMonth = numberField(month, 1, 12, MONTHS);
    const matchYear = numberField(year, 1970, 2199);
    const matchDay = dayOfMonth === '?' ? dayOfWeekField(dayOfWeek) : dayOfMonthField(dayOfMonth);
    return {
      expression,
      next: (after) => {
        const start = new Date(Math.floor(after.getTime() / 60_000) * 60_000 + 60_000);
        // Walk day by day (at most ten years ahead), then minute by minute within a matching day.
        for (let day = 0; day < 3700; day++) {
          const date = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth(), start.getUTCDate() + day));
          if (!matchYear(date.getUTCFullYear()) || !matchMonth(date.getUTCMonth() + 1) || !matchDay(date)) continue;
          for (let h = 0; h < 24; h++) {
            if (!matchHour(h)) continue;
            for (let m = 0; m < 60; m++) {
              if (!matchMinute(m)) continue;
              const candidate = new Date(date.getTime() + h * 3_600_000 + m * 60_000);
              if (candidate >= start) return candidate;
            }
          }
        }
        return undefined;
      },
    };
  } catch {
    throw invalid(expression);
  }
}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

function value(text: string, min: number, max: number, names?: string[], offset = min): number {
  const named = names?.indexOf(text.toUpperCase()) ?? -1;
  const n = named >= 0 ? named + offset : /^\d+$/.test(text) ? Number(text) : NaN;
  if (!(n >= min && n <= max)) throw new Error(`out of range: ${text}`);
  return n;
}

/** `*`, lists, ranges and increments (0/15, 5-10, MON-FRI, 1,3,5). */
function numberField(field: string, min: number, max: number, names?: string[], offset = min): (n: number) => boolean {
  const allowed = new Set<number>();
  for (const part of field.split(',')) {
    const [range, stepText] = part.split('/') as [string, string | undefined];
    const step = stepText === undefined ? 1 : value(stepText, 1, max - min + 1);
    let from: number;
    let to: number;
    if (range === '*') [from, to] = [min, max];
    else if (range.includes('-')) {
      const [a, b] = range.split('-') as [string, string];
      [from, to] = [value(a, min, max, names, offset), value(b, min, max, names, offset)];
    } else {
      from = value(range, min, max, names, offset);
      to = stepText === undefined ? from : max;
    }
    for (let n = from; n <= to; n += step) allowed.add(n);
  }
  return (n) => allowed.has(n);
}

const daysInMonth = (d: Date) => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
const isWeekday = (d: Date) => d.getUTCDay() !== 0 && d.getUTCDay() !== 6;

/** Day of month: numbers, ranges, `L` (last day) and `nW` (weekday nearest day n, within the month). */
function dayOfMonthField(field: string): (d: Date) => boolean {
  if (field === 'L') return (d) => d.getUTCDate() === daysInMonth(d);
  const weekday = /^(\d{1,2})W$/.exec(field);
  if (weekday) {
    const target = value(weekday[1]!, 1, 31);
    return (d) => {
      if (!isWeekday(d)) return false;
      const last = daysInMonth(d);
      const day = Math.min(target, last);
      const t = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), day));
      let nearest = day;
      if (t.getUTCDay() === 6) nearest = day === 1 ? 3 : day - 1;
      else if (t.getUTCDay() === 0) nearest = day === last ? day - 2 : day + 1;
      return d.getUTCDate() === nearest;
    };
  }
  const match = numberField(field, 1, 31);
  return (d) => match(d.getUTCDate());
}

/** Day of week (1 = SUN … 7 = SAT): lists, ranges, `nL` (last such day) and `n#k` (k-th such day). */
function dayOfWeekField(field: string): (d: Date) => boolean {
  const nth = /^(\w+)#([1-5])$/.exec(field);
  if (nth) {
    const day = value(nth[1]!, 1, 7, DAYS, 1);
    const k = Number(nth[2]);
    return (d) => d.getUTCDay() + 1 === day && Math.ceil(d.getUTCDate() / 7) === k;
  }
  const last = /^(\w+)L$/.exec(field);
  if (last && field !== 'L') {
    const day = value(last[1]!, 1, 7, DAYS, 1);
    return (d) => d.getUTCDay() + 1 === day && d.getUTCDate() + 7 > daysInMonth(d);
  }
  if (field === 'L') return (d) => d.getUTCDay() === 6;
  const match = numberField(field, 1, 7, DAYS, 1);
  return (d) => match(d.getUTCDay() + 1);
}
