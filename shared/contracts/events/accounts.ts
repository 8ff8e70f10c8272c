import * as z from 'zod/mini';
import {
  AccountId,
  CalendarDate,
  Channel,
  CurrencyCode,
  EntityVersion,
  LendingProduct,
  Money,
  NonNegativeMoney,
  Product,
} from '../primitives';
import { eventDetailBase } from './common';

/** What stays true of an account for its whole life; both lifecycle events carry it. */
const accountFacts = {
  accountId: AccountId,
  version: EntityVersion,
  product: Product,
  currency: CurrencyCode,
  openedOn: CalendarDate,
};

export const AccountOpened = z.object({
  ...eventDetailBase,
  ...accountFacts,
  channel: z.optional(Channel),
});
export type AccountOpened = z.infer<typeof AccountOpened>;

export const AccountClosed = z.object({
  ...eventDetailBase,
  ...accountFacts,
  closedOn: CalendarDate,
});
export type AccountClosed = z.infer<typeof AccountClosed>;

/** End-of-day balance. For lending products the balance is the amount owed, as a positive number. */
export const BalanceSnapshot = z.object({
  ...eventDetailBase,
  accountId: AccountId,
  product: Product,
  asOf: CalendarDate,
  balance: Money,
});
export type BalanceSnapshot = z.infer<typeof BalanceSnapshot>;

export const LOAN_STATUSES = [
  'CURRENT',
  'DELINQUENT_30',
  'DELINQUENT_60',
  'DELINQUENT_90_PLUS',
  'DEFAULT',
  'WRITTEN_OFF',
  'REPAID',
] as const;
export const LoanStatus = z.enum(LOAN_STATUSES);
export type LoanStatus = z.infer<typeof LoanStatus>;

export const LoanStatusChanged = z.object({
  ...eventDetailBase,
  accountId: AccountId,
  product: LendingProduct,
  /** Version of the loan's status, separate from the account's lifecycle version. */
  version: EntityVersion,
  status: LoanStatus,
  daysPastDue: z.number().check(z.int(), z.nonnegative()),
  outstanding: NonNegativeMoney,
});
export type LoanStatusChanged = z.infer<typeof LoanStatusChanged>;
