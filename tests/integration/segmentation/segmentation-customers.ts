// A handful of customers whose figures put each in a known segment, dated relative to today (the
// handlers read the clock), in the Asia/Shanghai reporting calendar of the default parameters.
import type { CoreBankingEvent } from '../../../shared/contracts/events';
import { addMonths, reportingMonthOf } from '../../../shared/domain/segmentation/reporting-calendar';
import { event } from '../../unit/segmentation/stored-items';

export const TZ = 'Asia/Shanghai';
export const thisMonth = () => reportingMonthOf(new Date().toISOString(), TZ);
/** The last `n` months up to and including this one, oldest first. */
export const lastMonths = (n: number) => Array.from({ length: n }, (_, i) => addMonths(thisMonth(), i - (n - 1)));
const dayOf = (month: string, day: number) => `${month}-${String(day).padStart(2, '0')}`;

export const onboarded = (customerId: string, o: { branch: string; income?: string; since?: string }) =>
  event('CustomerOnboarded', {
    customerId,
    occurredAt: `${o.since ?? '2024-01-02'}T09:00:00+08:00`,
    profile: {
      fullName: 'Test Customer',
      preferredLanguage: 'en',
      homeBranchId: o.branch,
      incomeBand: o.income ?? 'MIDDLE',
      customerSince: o.since ?? '2024-01-02',
      vulnerable: false,
      version: 1,
    },
  });

export const account = (customerId: string, accountId: string, product: string, openedOn = '2024-01-02') =>
  event('AccountOpened', { customerId, accountId, product, currency: 'CNY', openedOn, version: 1, occurredAt: `${openedOn}T09:30:00+08:00`, channel: 'BRANCH' });

/** One end-of-day balance on the 1st of each month: the month's average (monthly-figures.ts). */
export const monthlyBalances = (customerId: string, accountId: string, product: string, minor: number, months: string[]) =>
  months.map((m) =>
    event('BalanceSnapshot', { customerId, accountId, product, asOf: dayOf(m, 1), balance: { minor, currency: 'CNY' }, occurredAt: `${dayOf(m, 1)}T23:59:59+08:00` }),
  );

/** `count` teller transactions on the 1st of each month (4.00 each): a customer who costs money. */
export const tellerVisits = (customerId: string, accountId: string, count: number, months: string[]) =>
  months.flatMap((m) =>
    Array.from({ length: count }, (_, i) =>
      event('TransactionPosted', {
        customerId,
        accountId,
        occurredAt: `${dayOf(m, 1)}T10:${String(i).padStart(2, '0')}:00+08:00`,
        channel: 'BRANCH',
        kind: 'CASH_WITHDRAWAL',
        network: undefined,
        merchantCategoryCode: undefined,
        amount: { minor: 10_000, currency: 'CNY' },
        fee: undefined,
      }),
    ),
  );

/** Customer id → the events that make its segment, and the segment expected with default parameters. */
export function handfulOfCustomers(branch: string): { events: CoreBankingEvent[]; expected: Record<string, string> } {
  const six = lastMonths(6);
  const three = lastMonths(3);
  const events: CoreBankingEvent[] = [
    // 1,000,000.00 CNY on term deposit at 0.8 %: about 667 CNY a month, far above the 1,000 CNY floor.
    onboarded('C-MVC1', { branch }),
    account('C-MVC1', 'TD-1', 'TERM_DEPOSIT'),
    ...monthlyBalances('C-MVC1', 'TD-1', 'TERM_DEPOSIT', 100_000_000, six),
    onboarded('C-MVC2', { branch }),
    account('C-MVC2', 'TD-2', 'TERM_DEPOSIT'),
    ...monthlyBalances('C-MVC2', 'TD-2', 'TERM_DEPOSIT', 90_000_000, six),
    // Twenty teller visits a month and no balance: below zero, with years of history.
    onboarded('C-BZ1', { branch }),
    account('C-BZ1', 'CA-3', 'CURRENT_ACCOUNT'),
    ...tellerVisits('C-BZ1', 'CA-3', 20, three),
    // The same, but joined this month: too little history to be labelled below zero.
    onboarded('C-NEW1', { branch, since: `${thisMonth()}-01` }),
    account('C-NEW1', 'CA-4', 'CURRENT_ACCOUNT', `${thisMonth()}-01`),
    ...tellerVisits('C-NEW1', 'CA-4', 20, [thisMonth()]),
    // High income, one product, a small positive contribution: growable (under-penetrated).
    onboarded('C-MGC1', { branch, income: 'HIGH' }),
    account('C-MGC1', 'CA-5', 'CURRENT_ACCOUNT'),
    ...monthlyBalances('C-MGC1', 'CA-5', 'CURRENT_ACCOUNT', 1_000_000, six),
  ];
  return { events, expected: { 'C-MVC1': 'MVC', 'C-MVC2': 'MVC', 'C-BZ1': 'BZ', 'C-NEW1': 'STANDARD', 'C-MGC1': 'MGC' } };
}
