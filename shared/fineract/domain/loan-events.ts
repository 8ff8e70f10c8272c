// Fineract loans: the account (LoanAccountDataV1), its transactions (LoanTransactionDataV1, and the
// adjusted pair of LoanTransactionAdjustmentDataV1) and its delinquency (LoanAccountDelinquencyRangeDataV1)
// → AccountOpened / AccountClosed, TransactionPosted, BalanceSnapshot, LoanStatusChanged.
import type { CoreBankingEvent, LoanStatus, TransactionPosted } from '../../contracts/events';
import type { Money } from '../../contracts/primitives';
import { ignored, mapped, PRODUCER, type AccountScopedEvent, type MappingInput, type MappingOutcome } from './mapped-events';
import { FineractMappingError } from './fineract-ids';
import { channelOf, postingEvent } from './postings';
import { currencyOf, dateOf, daysBetween, isDate, moneyOf, numberOf, optionalMoneyOf, type Payload } from './fineract-values';

/** Every Fineract loan is a PERSONAL_LOAN: its transactions and delinquency do not name a product. */
const PRODUCT = 'PERSONAL_LOAN' as const;

const reference = (m: MappingInput) => `${m.event.tenantId}/${m.event.type}/${m.event.sequence}`;

/** The contract's delinquency bands (MISSION.md, credit losses): under 30 days past due is CURRENT. */
export function delinquencyStatus(daysPastDue: number): LoanStatus {
  if (daysPastDue >= 90) return 'DELINQUENT_90_PLUS';
  if (daysPastDue >= 60) return 'DELINQUENT_60';
  if (daysPastDue >= 30) return 'DELINQUENT_30';
  return 'CURRENT';
}

type Flags = Record<string, boolean | null | undefined>;

/** The status Fineract's loan state stands for; undefined before disbursal (nothing owed yet). */
function loanStatus(status: Flags, chargedOff: boolean, daysPastDue: number): LoanStatus | undefined {
  if (status.closedWrittenOff) return 'WRITTEN_OFF';
  if (status.closedObligationsMet || status.overpaid || status.closedRescheduled || status.closed) return 'REPAID';
  if (chargedOff) return 'DEFAULT';
  if (status.active) return delinquencyStatus(daysPastDue);
  return undefined;
}

const nonNegative = (m: Money): Money => (m.minor < 0 ? { ...m, minor: 0 } : m);

export function mapLoanAccountEvent(m: MappingInput): MappingOutcome {
  const { event, ids, occurredAt } = m;
  const l = event.payload as Payload & { timeline?: Payload | null; summary?: Payload | null; currency?: Payload | null; status?: Flags | null; delinquent?: Payload | null };
  // Group and JLG loans without a client: the layer's customers are persons.
  if (l.clientId === null || l.clientId === undefined) return ignored('FineractGroupAccountsIgnored');
  const base = { schemaVersion: 1 as const, occurredAt, customerId: ids.customer(numberOf(l.clientId, 'LoanAccountDataV1.clientId')) };
  const accountId = ids.loanAccount(numberOf(l.id, 'LoanAccountDataV1.id'));
  const summaryCurrency = (l.summary?.currency ?? l.currency) as never;
  const businessDate = dateOf(event.businessDate, 'envelope field businessDate');
  const timeline = l.timeline ?? {};
  const openedOn = [timeline.actualDisbursementDate, timeline.approvedOnDate, timeline.submittedOnDate].find(isDate) ?? businessDate;
  const status = l.status ?? {};
  const daysPastDue = Math.max(0, Number(l.delinquent?.delinquentDays ?? 0) || 0);

  const events: CoreBankingEvent[] = [];
  const currency = () => currencyOf(summaryCurrency, 'LoanAccountDataV1.summary.currency');
  const outstanding = () => nonNegative(optionalMoneyOf(l.summary?.totalOutstanding, currency(), 'LoanAccountDataV1.summary.totalOutstanding') ?? { minor: 0, currency: currency().code });
  const statusEvent = (): CoreBankingEvent | undefined => {
    const s = loanStatus(status, l.chargedOff === true, daysPastDue);
    if (!s) return undefined;
    return {
      detailType: 'LoanStatusChanged',
      detail: { ...base, eventId: ids.event(event.key, 'status'), accountId, product: PRODUCT, version: event.sequence, status: s, daysPastDue: s === 'REPAID' ? 0 : daysPastDue, outstanding: outstanding() },
    };
  };
  const snapshot = (): CoreBankingEvent => ({
    detailType: 'BalanceSnapshot',
    detail: { ...base, eventId: ids.event(event.key, 'balance'), accountId, product: PRODUCT, asOf: businessDate, balance: outstanding() },
  });
  const facts = () => ({ accountId, version: event.sequence, product: PRODUCT, currency: currency().code, openedOn });

  switch (event.type) {
    case 'LoanDisbursalBusinessEvent':
      events.push({ detailType: 'AccountOpened', detail: { ...base, eventId: ids.event(event.key), ...facts() } }, snapshot());
      break;
    case 'LoanCloseBusinessEvent':
    case 'LoanCloseAsRescheduleBusinessEvent':
    case 'LoanStatusChangedBusinessEvent':
    case 'LoanChargeOffPostBusinessEvent':
      if (status.closed || status.closedObligationsMet || status.closedWrittenOff || status.closedRescheduled || status.overpaid) {
        const closedOn = [timeline.closedOnDate, timeline.writeOffOnDate].find(isDate) ?? businessDate;
        events.push({ detailType: 'AccountClosed', detail: { ...base, eventId: ids.event(event.key), ...facts(), closedOn } });
      }
      break;
    case 'LoanBalanceChangedBusinessEvent':
      events.push(snapshot());
      return mapped(events);
    default:
      // Applications, approvals, schedules, charges, officers: nothing the layer keeps.
      return ignored('FineractLoanAccountEventsIgnored');
  }
  const s = statusEvent();
  if (s) events.push(s);
  return mapped(events);
}

function loanKind(t: Flags): Pick<TransactionPosted, 'kind' | 'direction' | 'network'> | undefined {
  if (t.repayment || t.repaymentAtDisbursement || t.recoveryRepayment || t.goodwillCredit || t.merchantIssuedRefund || t.payoutRefund || t.chargePayment || t.chargeback)
    return { kind: 'LOAN_REPAYMENT', direction: 'CREDIT' };
  // The loan account is debited: the customer owes what was paid out.
  if (t.disbursement || t.refund || t.creditBalanceRefund || t.refundForActiveLoans) return { kind: 'TRANSFER', direction: 'DEBIT', network: 'INTERNAL' };
  // Accruals, waivers, write-offs, charge-offs, transfers between offices: no money moved for the customer.
  return undefined;
}

function loanPostings(m: MappingInput, t: Payload, field: string, ref: string): AccountScopedEvent[] | undefined {
  const { ids, occurredAt, event } = m;
  const kind = loanKind((t.type as Flags | null) ?? {});
  if (!kind) return undefined;
  const { channel } = channelOf(t.paymentDetailData as never);
  const currency = currencyOf(t.currency as never, `${field}.currency`);
  const accountId = ids.loanAccount(numberOf(t.loanId, `${field}.loanId`));
  const postingId = ids.loanPosting(numberOf(t.id, `${field}.id`));
  const amount = moneyOf(t.amount, currency, `${field}.amount`);
  if (amount.minor < 0) throw new FineractMappingError(`${field}.amount is negative`);
  const posting = { accountId, channel, ...kind, amount };
  const reversed = t.manuallyReversed === true || isDate(t.reversedOnDate);
  const out = [reversed ? postingEvent(`${postingId}:reversal`, occurredAt, posting, ref, postingId) : postingEvent(postingId, occurredAt, posting, ref)];
  const balance = optionalMoneyOf(t.outstandingLoanBalance, currency, `${field}.outstandingLoanBalance`);
  if (balance && !reversed && isDate(t.date))
    out.push({
      detailType: 'BalanceSnapshot',
      detail: { schemaVersion: 1, eventId: ids.event(event.key, `balance-${t.id}`), occurredAt, accountId, product: PRODUCT, asOf: t.date, balance: nonNegative(balance) },
      origin: { producer: PRODUCER, reference: ref },
    });
  return out;
}

export function mapLoanTransactionEvent(m: MappingInput): MappingOutcome {
  const events = loanPostings(m, m.event.payload, 'LoanTransactionDataV1', reference(m));
  return events ? mapped([], events) : ignored('FineractLoanTransactionsIgnored');
}

/** LoanAdjustTransactionBusinessEvent: the adjusted transaction is reversed; its replacement, if any, posts. */
export function mapLoanAdjustmentEvent(m: MappingInput): MappingOutcome {
  const p = m.event.payload as { transactionToAdjust?: Payload | null; newTransactionDetail?: Payload | null };
  const ref = reference(m);
  const events: AccountScopedEvent[] = [];
  if (p.transactionToAdjust) {
    // The copy Fineract sends is the one being undone, whether or not it is already marked reversed.
    const original = loanPostings(m, { ...p.transactionToAdjust, manuallyReversed: true }, 'LoanTransactionAdjustmentDataV1.transactionToAdjust', ref);
    if (original) events.push(...original);
  }
  if (p.newTransactionDetail) {
    const replacement = loanPostings(m, p.newTransactionDetail, 'LoanTransactionAdjustmentDataV1.newTransactionDetail', ref);
    if (replacement) events.push(...replacement);
  }
  return events.length ? mapped([], events) : ignored('FineractLoanTransactionsIgnored');
}

/**
 * LoanDelinquencyRangeChangeBusinessEvent → LoanStatusChanged. Days past due are counted from Fineract's
 * delinquentDate to the business date (Fineract's own delinquentDays); no delinquent date: current.
 * The event carries what is overdue, not the whole outstanding: that is the amount it can report.
 */
export function mapDelinquencyEvent(m: MappingInput): MappingOutcome {
  const { event, ids, occurredAt } = m;
  const d = event.payload as Payload & { amount?: Payload | null };
  const businessDate = dateOf(event.businessDate, 'envelope field businessDate');
  const currency = currencyOf(d.currency as never, 'LoanAccountDelinquencyRangeDataV1.currency');
  const daysPastDue = isDate(d.delinquentDate) ? Math.max(0, daysBetween(d.delinquentDate, businessDate)) : 0;
  const outstanding = nonNegative(optionalMoneyOf(d.amount?.totalAmount, currency, 'LoanAccountDelinquencyRangeDataV1.amount.totalAmount') ?? { minor: 0, currency: currency.code });
  return mapped(
    [],
    [
      {
        detailType: 'LoanStatusChanged',
        detail: {
          schemaVersion: 1,
          eventId: ids.event(event.key),
          occurredAt,
          accountId: ids.loanAccount(numberOf(d.loanId, 'LoanAccountDelinquencyRangeDataV1.loanId')),
          product: PRODUCT,
          version: event.sequence,
          status: delinquencyStatus(daysPastDue),
          daysPastDue,
          outstanding,
        },
        origin: { producer: PRODUCER, reference: reference(m) },
      },
    ],
  );
}
