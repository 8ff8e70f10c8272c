// Fineract savings accounts (SavingsAccountDataV1) and their transactions
// (SavingsAccountTransactionDataV1) → AccountOpened / AccountClosed, TransactionPosted, BalanceSnapshot.
import type { CoreBankingEvent, TransactionPosted } from '../../contracts/events';
import { ignored, mapped, PRODUCER, type AccountScopedEvent, type MappingInput, type MappingOutcome } from './mapped-events';
import { FineractMappingError } from './fineract-ids';
import { channelOf, postingEvent } from './postings';
import { currencyOf, dateOf, isDate, moneyOf, numberOf, optionalMoneyOf, type Payload } from './fineract-values';

/** Every Fineract savings account is SAVINGS: its transactions do not name a product to tell otherwise. */
const PRODUCT = 'SAVINGS' as const;

const reference = (m: MappingInput) => `${m.event.tenantId}/${m.event.type}/${m.event.sequence}`;

export function mapSavingsAccountEvent(m: MappingInput): MappingOutcome {
  const { event, ids, occurredAt } = m;
  const a = event.payload as Payload & { timeline?: Payload | null; summary?: Payload | null; currency?: Payload | null };
  // Accounts of groups and centres have no client: the layer's customers are persons.
  if (a.clientId === null || a.clientId === undefined) return ignored('FineractGroupAccountsIgnored');
  const base = {
    schemaVersion: 1 as const,
    occurredAt,
    customerId: ids.customer(numberOf(a.clientId, 'SavingsAccountDataV1.clientId')),
  };
  const accountId = ids.savingsAccount(numberOf(a.id, 'SavingsAccountDataV1.id'));
  const currency = currencyOf(a.currency as never, 'SavingsAccountDataV1.currency');
  const timeline = a.timeline ?? {};
  const openedOn = [timeline.activatedOnDate, timeline.approvedOnDate, timeline.submittedOnDate].find(isDate) ?? dateOf(event.businessDate, 'envelope field businessDate');
  const facts = { accountId, version: event.sequence, product: PRODUCT, currency: currency.code, openedOn };
  switch (event.type) {
    case 'SavingsActivateBusinessEvent':
      return mapped([{ detailType: 'AccountOpened', detail: { ...base, eventId: ids.event(event.key), ...facts } }]);
    case 'SavingsCloseBusinessEvent': {
      const closedOn = isDate(timeline.closedOnDate) ? timeline.closedOnDate : dateOf(event.businessDate, 'envelope field businessDate');
      return mapped([{ detailType: 'AccountClosed', detail: { ...base, eventId: ids.event(event.key), ...facts, closedOn } }]);
    }
    case 'SavingsPostInterestBusinessEvent': {
      const balance = moneyOf(a.summary?.accountBalance, currency, 'SavingsAccountDataV1.summary.accountBalance');
      const asOf = dateOf(event.businessDate, 'envelope field businessDate');
      const snapshot: CoreBankingEvent = { detailType: 'BalanceSnapshot', detail: { ...base, eventId: ids.event(event.key, 'balance'), accountId, product: PRODUCT, asOf, balance } };
      return mapped([snapshot]);
    }
    default:
      // Created, approved, rejected, withdrawn: not an open account yet, nothing the layer keeps.
      return ignored('FineractSavingsAccountEventsIgnored');
  }
}

type TransactionType = Record<string, boolean | null | undefined>;

function savingsKind(t: TransactionType, cash: boolean): Pick<TransactionPosted, 'kind' | 'direction' | 'network'> | undefined {
  if (t.interestPosting || t.dividendPayout) return { kind: 'INTEREST', direction: 'CREDIT' };
  if (t.overdraftInterest) return { kind: 'INTEREST', direction: 'DEBIT' };
  if (t.feeDeduction || t.overdraftFee || t.withholdTax) return { kind: 'FEE', direction: 'DEBIT' };
  if (t.deposit) return cash ? { kind: 'CASH_DEPOSIT', direction: 'CREDIT' } : { kind: 'TRANSFER', direction: 'CREDIT', network: 'INTERNAL' };
  if (t.withdrawal) return cash ? { kind: 'CASH_WITHDRAWAL', direction: 'DEBIT' } : { kind: 'TRANSFER', direction: 'DEBIT', network: 'INTERNAL' };
  // Holds, releases, transfer approvals, escheat, write-offs: no money moved for the customer.
  return undefined;
}

export function mapSavingsTransactionEvent(m: MappingInput): MappingOutcome {
  const { event, ids, occurredAt } = m;
  const t = event.payload as Payload & { transactionType?: TransactionType | null; currency?: Payload | null; paymentDetailData?: never };
  const { channel, cash } = channelOf(t.paymentDetailData);
  const kind = savingsKind(t.transactionType ?? {}, cash);
  if (!kind) return ignored('FineractSavingsTransactionsIgnored');
  const currency = currencyOf(t.currency as never, 'SavingsAccountTransactionDataV1.currency');
  const accountId = ids.savingsAccount(numberOf(t.accountId, 'SavingsAccountTransactionDataV1.accountId'));
  const postingId = ids.savingsPosting(numberOf(t.id, 'SavingsAccountTransactionDataV1.id'));
  const amount = moneyOf(t.amount, currency, 'SavingsAccountTransactionDataV1.amount');
  if (amount.minor < 0) throw new FineractMappingError('SavingsAccountTransactionDataV1.amount is negative');
  const posting = { accountId, channel, ...kind, amount };
  const ref = reference(m);
  const events: AccountScopedEvent[] = [];
  if (t.isReversal === true && typeof t.originalTransactionId === 'string' && /^\d+$/.test(t.originalTransactionId))
    // Fineract's reversal transaction names the one it reverses.
    events.push(postingEvent(postingId, occurredAt, posting, ref, ids.savingsPosting(t.originalTransactionId)));
  else if (t.reversed === true) events.push(postingEvent(`${postingId}:reversal`, occurredAt, posting, ref, postingId));
  else events.push(postingEvent(postingId, occurredAt, posting, ref));
  const running = optionalMoneyOf(t.runningBalance, currency, 'SavingsAccountTransactionDataV1.runningBalance');
  if (running && !t.reversed && isDate(t.date))
    events.push({
      detailType: 'BalanceSnapshot',
      detail: { schemaVersion: 1, eventId: ids.event(event.key, 'balance'), occurredAt, accountId, product: PRODUCT, asOf: t.date, balance: running },
      origin: { producer: PRODUCER, reference: ref },
    });
  return mapped([], events);
}
