// An event a connector maps from a message that names an account but not the customer (ISO 20022
// entries and balances, Fineract savings and loan events): the contract event without its customerId,
// and where it came from, so that a parked entry can be traced to its file or message.
import type { CoreBankingEvent } from '../../contracts/events';

export const ACCOUNT_SCOPED_DETAIL_TYPES = ['TransactionPosted', 'BalanceSnapshot', 'AccountClosed', 'LoanStatusChanged'] as const;
export type AccountScopedDetailType = (typeof ACCOUNT_SCOPED_DETAIL_TYPES)[number];

/**
 * Where an entry came from: the producer (its source is `<eventSource>.<producer>`) and a reference
 * inside it, e.g. a file key and the entry's position. Never personal data: the overdue report shows it.
 */
export type EntryOrigin = { producer: string; reference: string };

type DetailOf<K extends CoreBankingEvent['detailType']> = Extract<CoreBankingEvent, { detailType: K }>['detail'];

export type AccountScopedEvent = {
  [K in AccountScopedDetailType]: { detailType: K; detail: Omit<DetailOf<K>, 'customerId'>; origin: EntryOrigin };
}[AccountScopedDetailType];

/** The contract event, once the account's customer is known. */
export const withCustomer = (event: AccountScopedEvent, customerId: string): CoreBankingEvent =>
  ({ detailType: event.detailType, detail: { ...event.detail, customerId } }) as CoreBankingEvent;
