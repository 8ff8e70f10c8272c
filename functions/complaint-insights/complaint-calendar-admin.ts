// The calendar admin endpoints' rules: a year's dates must be in that year, a make-up working day must be
// a weekend day that is not also a holiday; and the view of a jurisdiction's calendar in force.
import { weekdayOf } from '../../shared/domain/complaints/business-calendar';
import { type CalendarJurisdiction, type CalendarYear } from '../../shared/domain/complaints/calendars/official-calendars';
import { knownThroughOf, yearsInForce } from '../../shared/domain/complaints/jurisdiction-calendars';
import type { CalendarYearBody } from '../../shared/contracts/api/complaint-calendars';
import { problems } from '../../shared/http/problems';

export function checkCalendarYear(jurisdiction: CalendarJurisdiction, year: number, body: CalendarYearBody): CalendarYear {
  const makeUp = body.makeUpWorkingDays ?? [];
  const issues: { field: string; message: string }[] = [];
  body.holidays.forEach((d, i) => {
    if (!d.startsWith(`${year}-`)) issues.push({ field: `body.holidays.${i}`, message: `is not in ${year}` });
  });
  makeUp.forEach((d, i) => {
    if (!d.startsWith(`${year}-`)) issues.push({ field: `body.makeUpWorkingDays.${i}`, message: `is not in ${year}` });
    else if (weekdayOf(d) < 6) issues.push({ field: `body.makeUpWorkingDays.${i}`, message: 'is a weekday: only a weekend day can be a make-up working day' });
    if (body.holidays.includes(d)) issues.push({ field: `body.makeUpWorkingDays.${i}`, message: 'is also listed as a holiday' });
  });
  if (issues.length) throw problems.invalidBody(issues);
  return { jurisdiction, year, holidays: [...new Set(body.holidays)].sort(), makeUpWorkingDays: [...new Set(makeUp)].sort(), source: body.source };
}

export function calendarView(jurisdiction: CalendarJurisdiction, stored: readonly CalendarYear[]) {
  const storedYears = new Set(stored.map((y) => y.year));
  const years = yearsInForce(jurisdiction, stored);
  return {
    jurisdiction,
    knownThrough: knownThroughOf(years) ?? null,
    years: years.map((y) => ({
      jurisdiction: y.jurisdiction,
      year: y.year,
      holidays: [...y.holidays],
      makeUpWorkingDays: [...y.makeUpWorkingDays],
      source: y.source,
      origin: storedYears.has(y.year) ? ('ADMIN' as const) : ('OFFICIAL' as const),
    })),
  };
}
