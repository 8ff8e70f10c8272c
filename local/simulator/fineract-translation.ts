// The simulated bank as a Fineract installation would report it: each contract event the simulator
// generates becomes the Fineract 1.10.1 external event(s) that would have produced it, encoded with the
// same builders as the tests (fineract-messages.ts). Fineract speaks of numbered clients, savings
// accounts and loans, so the simulator's ids get numbers in order of first appearance (the stream is
// deterministic, so are they); the records then live under Fineract's tenant-qualified ids
// (fineract:<tenant>:client:<n>, docs/fineract.md).
//
// What Fineract cannot say is counted and left out: card accounts and their postings (Fineract has no
// cards), channel interactions (not a core-banking event), and what is lost in Fineract's vocabulary
// (a card purchase on a savings account is a withdrawal by POS) is lost here too, as it would be.
import type { CoreBankingEvent } from '../../shared/contracts/events';
import {
  clientData,
  delinquencyData,
  fineractMessage,
  loanAccountData,
  loanTransactionData,
  savingsAccountData,
  savingsTransactionData,
  type FineractMessageSpec,
} from './fineract-messages';

const LOANS = new Set(['PERSONAL_LOAN', 'MORTGAGE']);
const PAYMENT_TYPE: Record<string, string> = { ATM: 'ATM', POS: 'POS card', MOBILE: 'Mobile banking', ONLINE: 'Online banking', PHONE: 'Phone banking', SELF_SERVICE: 'Online banking' };
const CASH_KINDS = new Set(['CASH_DEPOSIT', 'CASH_WITHDRAWAL']);

/** Minor units (the simulator's currencies all have 2 decimals) as Fineract's decimal text. */
export const decimalText = (minor: number): string => {
  const abs = BigInt(Math.abs(minor));
  return `${minor < 0 ? '-' : ''}${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`;
};

/** Fineract's createdAt: a UTC local date-time with microseconds. */
const fineractTime = (iso: string) => `${new Date(iso).toISOString().slice(0, 23)}000`;
const dateOf = (iso: string) => new Date(iso).toISOString().slice(0, 10);
const minusDays = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10);

type Account = { number: number; loan: boolean; clientId: number; currency: string; openedOn: string };

export class FineractTranslation {
  private readonly numbers = new Map<string, number>();
  private readonly accounts = new Map<string, Account>();
  private messageId = 0;
  private transactionId = 0;
  /** Contract events Fineract has no event for, by detail-type. */
  readonly notExpressible: Record<string, number> = {};

  constructor(readonly tenantId = 'sim') {}

  private numberOf(kind: string, id: string) {
    const key = `${kind}:${id}`;
    let n = this.numbers.get(key);
    if (n === undefined) this.numbers.set(key, (n = [...this.numbers.keys()].length + 1));
    return n;
  }

  private skip(event: CoreBankingEvent): FineractMessageSpec[] {
    this.notExpressible[event.detailType] = (this.notExpressible[event.detailType] ?? 0) + 1;
    return [];
  }

  /** The Fineract messages (as specs) that report this event, in Fineract's order. */
  translate(event: CoreBankingEvent): FineractMessageSpec[] {
    const d = event.detail as Record<string, any>;
    const at = d.occurredAt as string;
    const spec = (schema: FineractMessageSpec['schema'], type: string, payload: Record<string, unknown>, businessDate = dateOf(at)): FineractMessageSpec => ({
      schema,
      type,
      id: ++this.messageId,
      payload,
      tenantId: this.tenantId,
      createdAt: fineractTime(at),
      businessDate,
    });
    switch (event.detailType) {
      case 'CustomerOnboarded':
      case 'CustomerProfileUpdated': {
        const p = d.profile;
        const payload = clientData({
          id: this.numberOf('client', d.customerId),
          officeId: this.numberOf('office', p.homeBranchId),
          displayName: p.fullName,
          email: p.email,
          mobileNo: p.phone,
          dateOfBirth: p.dateOfBirth,
          activationDate: p.customerSince,
          classification: p.incomeBand,
        });
        return [spec('client', event.detailType === 'CustomerOnboarded' ? 'ClientCreateBusinessEvent' : 'ClientUpdateBusinessEvent', payload)];
      }
      case 'AccountOpened':
      case 'AccountClosed': {
        if (d.product === 'CREDIT_CARD') return this.skip(event);
        const loan = LOANS.has(d.product);
        const number = this.numberOf(loan ? 'loan' : 'savings', d.accountId);
        const account: Account = { number, loan, clientId: this.numberOf('client', d.customerId), currency: d.currency, openedOn: d.openedOn };
        this.accounts.set(d.accountId, account);
        const closed = event.detailType === 'AccountClosed';
        if (loan)
          return [
            spec('loanAccount', closed ? 'LoanCloseBusinessEvent' : 'LoanDisbursalBusinessEvent', {
              ...loanAccountData({ id: number, clientId: account.clientId, status: closed ? 'closedObligationsMet' : 'active', outstanding: '0', disbursedOn: d.openedOn, closedOn: d.closedOn, currencyCode: d.currency }),
            }),
          ];
        return [
          spec(
            'savingsAccount',
            closed ? 'SavingsCloseBusinessEvent' : 'SavingsActivateBusinessEvent',
            savingsAccountData({ id: number, clientId: account.clientId, activatedOn: d.openedOn, closedOn: d.closedOn, status: closed ? 'closed' : 'active', currencyCode: d.currency }),
          ),
        ];
      }
      case 'TransactionPosted': {
        const account = this.accounts.get(d.accountId);
        if (!account) return this.skip(event);
        const amount = decimalText(d.amount.minor);
        const paymentType = CASH_KINDS.has(d.kind) ? 'Cash' : PAYMENT_TYPE[d.channel];
        const id = ++this.transactionId;
        if (account.loan) {
          const kind = d.direction === 'CREDIT' ? 'repayment' : 'disbursement';
          return [spec('loanTransaction', kind === 'repayment' ? 'LoanTransactionMakeRepaymentPostBusinessEvent' : 'LoanDisbursalTransactionBusinessEvent', loanTransactionData({ id, loanId: account.number, kind, amount, date: dateOf(at), paymentType, currencyCode: account.currency }))];
        }
        const kind = d.kind === 'INTEREST' ? 'interestPosting' : d.kind === 'FEE' ? 'feeDeduction' : d.direction === 'CREDIT' ? 'deposit' : 'withdrawal';
        // The mapping reads the transaction type from the payload; the event type only names the business event.
        const type = d.direction === 'CREDIT' ? 'SavingsDepositBusinessEvent' : 'SavingsWithdrawalBusinessEvent';
        return [spec('savingsTransaction', type, savingsTransactionData({ id, accountId: account.number, kind, amount, date: dateOf(at), paymentType, cash: CASH_KINDS.has(d.kind), currencyCode: account.currency }))];
      }
      case 'BalanceSnapshot': {
        const account = this.accounts.get(d.accountId);
        if (!account) return this.skip(event);
        if (account.loan)
          return [spec('loanAccount', 'LoanBalanceChangedBusinessEvent', loanAccountData({ id: account.number, clientId: account.clientId, status: 'active', outstanding: decimalText(d.balance.minor), disbursedOn: account.openedOn, currencyCode: account.currency }), d.asOf)];
        // Fineract reports a savings balance with its interest posting (summary.accountBalance).
        return [spec('savingsAccount', 'SavingsPostInterestBusinessEvent', savingsAccountData({ id: account.number, clientId: account.clientId, activatedOn: account.openedOn, balance: decimalText(d.balance.minor), currencyCode: account.currency }), d.asOf)];
      }
      case 'LoanStatusChanged': {
        const account = this.accounts.get(d.accountId);
        if (!account?.loan) return this.skip(event);
        const businessDate = dateOf(at);
        return [
          spec(
            'delinquency',
            'LoanDelinquencyRangeChangeBusinessEvent',
            delinquencyData({ loanId: account.number, delinquentDate: d.daysPastDue > 0 ? minusDays(businessDate, d.daysPastDue) : undefined, overdue: decimalText(d.outstanding.minor), currencyCode: account.currency }),
            businessDate,
          ),
        ];
      }
      default:
        return this.skip(event);
    }
  }

  /** The encoded MessageV1 bytes for the event. */
  messages(event: CoreBankingEvent): Buffer[] {
    return this.translate(event).map(fineractMessage);
  }
}
