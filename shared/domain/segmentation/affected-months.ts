// Which reporting months a changed item of the customer's partition can change, from its key alone
// (the stream carries keys only). Pure: `asOfMonth` (the current reporting month) is passed in.
//
// - TL#<instant>: the month of the instant.
// - BAL#<date>: the month of the business date.
// - LOAN#<instant>: that month and the next (a provision is charged as the change of the stock from one
//   month end to the next, so the following month's charge depends on this month's end status).
// - ACCOUNT#, PROFILE: the current month (an account's servicing cost, products held, income band).
// Months after asOfMonth do not exist yet; months older than the trailing year no longer count.
import { BALANCE_PREFIX, LOAN_PREFIX, PROFILE_SK, TIMELINE_PREFIX, ACCOUNT_PREFIX } from '../record-keys';
import { addMonths, reportingMonthOf } from './reporting-calendar';

export function affectedMonths(sk: string, asOfMonth: string, timeZone: string): string[] {
  const oldest = addMonths(asOfMonth, -11);
  const keep = (months: string[]) => months.filter((m) => m >= oldest && m <= asOfMonth);
  const instantOf = (prefix: string) => sk.slice(prefix.length).split('#')[0]!;
  try {
    if (sk.startsWith(TIMELINE_PREFIX)) return keep([reportingMonthOf(instantOf(TIMELINE_PREFIX), timeZone)]);
    if (sk.startsWith(BALANCE_PREFIX)) return keep([instantOf(BALANCE_PREFIX).slice(0, 7)]);
    if (sk.startsWith(LOAN_PREFIX)) {
      const month = reportingMonthOf(instantOf(LOAN_PREFIX), timeZone);
      return keep([month, addMonths(month, 1)]);
    }
  } catch {
    return [asOfMonth]; // a key we cannot read still means something changed now
  }
  if (sk.startsWith(ACCOUNT_PREFIX) || sk === PROFILE_SK) return [asOfMonth];
  return [];
}
