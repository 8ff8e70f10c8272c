// Fineract events → contract events: one message per mapped type, encoded from the 1.10.1 schemas,
// decoded and mapped, compared with the contract event it must become (golden), and bad input refused.
import { describe, expect, it } from 'vitest';
import { decodeFineractMessage } from '../../../shared/fineract/adapters/fineract-wire';
import { mapFineractEvent } from '../../../shared/fineract/domain/map-fineract-event';
import type { MappingOutcome } from '../../../shared/fineract/domain/mapped-events';
import {
  clientData,
  delinquencyData,
  fineractMessage,
  loanAccountData,
  loanTransactionData,
  savingsAccountData,
  savingsTransactionData,
  type FineractMessageSpec,
} from '../../../local/simulator/fineract-messages';

const at = '2026-11-03T04:14:07.123456Z';
const key = (id: number) => `00000000-0000-4000-8000-${String(id).padStart(12, '0')}`;

function mapOne(spec: FineractMessageSpec): MappingOutcome {
  const decoded = decodeFineractMessage(fineractMessage(spec));
  if (!decoded.ok) throw new Error(decoded.reason);
  expect(decoded.events).toHaveLength(1);
  return mapFineractEvent(decoded.events[0]!);
}

describe('Fineract clients', () => {
  it('ClientCreateBusinessEvent → CustomerOnboarded with the whole profile at the event id version', () => {
    const outcome = mapOne({ schema: 'client', type: 'ClientCreateBusinessEvent', id: 11, payload: clientData({ id: 7, officeId: 3, email: 'li.wei@example.com', mobileNo: '+86 138 0013 8000', dateOfBirth: '1984-03-09', classification: 'High' }) });
    expect(outcome).toEqual({
      kind: 'mapped',
      accountEvents: [],
      customerEvents: [
        {
          detailType: 'CustomerOnboarded',
          detail: {
            schemaVersion: 1,
            eventId: `fineract:default:${key(11)}`,
            occurredAt: at,
            customerId: 'fineract:default:client:7',
            profile: {
              version: 11,
              fullName: 'Li Wei',
              dateOfBirth: '1984-03-09',
              email: 'li.wei@example.com',
              phone: '+86 138 0013 8000',
              preferredLanguage: 'en',
              homeBranchId: 'fineract:default:office:3',
              incomeBand: 'HIGH',
              customerSince: '2026-01-15',
              vulnerable: false,
            },
          },
        },
      ],
    });
  });

  it('any later client event → CustomerProfileUpdated; a contact that does not fit is left out', () => {
    const outcome = mapOne({ schema: 'client', type: 'ClientActivateBusinessEvent', id: 12, tenantId: 'bank-b', payload: clientData({ id: 7, email: 'not an email', mobileNo: 'call me' }) });
    expect(outcome.kind === 'mapped' && outcome.customerEvents[0]).toMatchObject({
      detailType: 'CustomerProfileUpdated',
      detail: { customerId: 'fineract:bank-b:client:7', eventId: `fineract:bank-b:${key(12)}`, profile: { version: 12, incomeBand: 'MIDDLE', homeBranchId: 'fineract:bank-b:office:1' } },
    });
    const profile = outcome.kind === 'mapped' ? (outcome.customerEvents[0]!.detail as { profile: object }).profile : {};
    expect(profile).not.toHaveProperty('email');
    expect(profile).not.toHaveProperty('phone');
  });

  it('a client without a name or office is refused, naming the field and not the value', () => {
    const nameless = { ...clientData({ id: 7 }), displayName: null, firstname: null, lastname: null, fullname: null };
    expect(mapOne({ schema: 'client', type: 'ClientCreateBusinessEvent', id: 13, payload: nameless })).toEqual({ kind: 'rejected', reason: 'ClientCreateBusinessEvent: ClientDataV1 has no displayName, fullname or firstname/lastname' });
    expect(mapOne({ schema: 'client', type: 'ClientCreateBusinessEvent', id: 14, payload: { ...clientData({ id: 7 }), officeId: null } })).toEqual({ kind: 'rejected', reason: 'ClientCreateBusinessEvent: ClientDataV1.officeId is missing or not a positive id' });
  });

  it('two tenants never collide; a tenant id outside the scheme is refused', () => {
    const a = mapOne({ schema: 'client', type: 'ClientCreateBusinessEvent', id: 15, tenantId: 'a', payload: clientData({ id: 7 }) });
    const b = mapOne({ schema: 'client', type: 'ClientCreateBusinessEvent', id: 15, tenantId: 'b', payload: clientData({ id: 7 }) });
    const idOf = (o: MappingOutcome) => (o.kind === 'mapped' ? o.customerEvents[0]!.detail.customerId : '');
    expect(idOf(a)).not.toBe(idOf(b));
    expect(mapOne({ schema: 'client', type: 'ClientCreateBusinessEvent', id: 15, tenantId: 'a b/c', payload: clientData({ id: 7 }) })).toEqual({
      kind: 'rejected',
      reason: 'ClientCreateBusinessEvent: envelope field tenantId is not a tenant identifier ([A-Za-z0-9_-], at most 30)',
    });
  });
});

describe('Fineract savings', () => {
  it('SavingsActivateBusinessEvent → AccountOpened; SavingsCloseBusinessEvent → AccountClosed', () => {
    expect(mapOne({ schema: 'savingsAccount', type: 'SavingsActivateBusinessEvent', id: 21, payload: savingsAccountData({ id: 5, clientId: 7, activatedOn: '2026-02-01' }) })).toEqual({
      kind: 'mapped',
      accountEvents: [],
      customerEvents: [
        {
          detailType: 'AccountOpened',
          detail: { schemaVersion: 1, eventId: `fineract:default:${key(21)}`, occurredAt: at, customerId: 'fineract:default:client:7', accountId: 'fineract:default:savings:5', version: 21, product: 'SAVINGS', currency: 'CNY', openedOn: '2026-02-01' },
        },
      ],
    });
    const closed = mapOne({ schema: 'savingsAccount', type: 'SavingsCloseBusinessEvent', id: 22, payload: savingsAccountData({ id: 5, clientId: 7, activatedOn: '2026-02-01', closedOn: '2026-10-30', status: 'closed' }) });
    expect(closed.kind === 'mapped' && closed.customerEvents[0]).toEqual({
      detailType: 'AccountClosed',
      detail: { schemaVersion: 1, eventId: `fineract:default:${key(22)}`, occurredAt: at, customerId: 'fineract:default:client:7', accountId: 'fineract:default:savings:5', version: 22, product: 'SAVINGS', currency: 'CNY', openedOn: '2026-02-01', closedOn: '2026-10-30' },
    });
  });

  it('SavingsPostInterestBusinessEvent → BalanceSnapshot of the account balance', () => {
    const outcome = mapOne({ schema: 'savingsAccount', type: 'SavingsPostInterestBusinessEvent', id: 23, payload: savingsAccountData({ id: 5, clientId: 7, balance: '88345.00' }) });
    expect(outcome.kind === 'mapped' && outcome.customerEvents).toEqual([
      { detailType: 'BalanceSnapshot', detail: { schemaVersion: 1, eventId: `fineract:default:${key(23)}:balance`, occurredAt: at, customerId: 'fineract:default:client:7', accountId: 'fineract:default:savings:5', product: 'SAVINGS', asOf: '2026-11-03', balance: { minor: 8834500, currency: 'CNY' } } },
    ]);
  });

  it('SavingsDepositBusinessEvent → TransactionPosted and BalanceSnapshot (running balance), scoped to the account', () => {
    const outcome = mapOne({ schema: 'savingsTransaction', type: 'SavingsDepositBusinessEvent', id: 24, payload: savingsTransactionData({ id: 90, accountId: 5, kind: 'deposit', amount: '1250.50', runningBalance: '3000.75', paymentType: 'Cash', cash: true }) });
    expect(outcome).toEqual({
      kind: 'mapped',
      customerEvents: [],
      accountEvents: [
        {
          detailType: 'TransactionPosted',
          detail: { schemaVersion: 1, eventId: 'fineract:default:savings-txn:90', occurredAt: at, accountId: 'fineract:default:savings:5', channel: 'BRANCH', kind: 'CASH_DEPOSIT', direction: 'CREDIT', amount: { minor: 125050, currency: 'CNY' } },
          origin: { producer: 'fineract', reference: 'default/SavingsDepositBusinessEvent/24' },
        },
        {
          detailType: 'BalanceSnapshot',
          detail: { schemaVersion: 1, eventId: `fineract:default:${key(24)}:balance`, occurredAt: at, accountId: 'fineract:default:savings:5', product: 'SAVINGS', asOf: '2026-11-03', balance: { minor: 300075, currency: 'CNY' } },
          origin: { producer: 'fineract', reference: 'default/SavingsDepositBusinessEvent/24' },
        },
      ],
    });
  });

  it('amounts follow the currency decimal places: JPY 0, BHD 3', () => {
    const jpy = mapOne({ schema: 'savingsTransaction', type: 'SavingsWithdrawalBusinessEvent', id: 25, payload: savingsTransactionData({ id: 91, accountId: 5, kind: 'withdrawal', amount: '5000', currencyCode: 'JPY', decimalPlaces: 0, paymentType: 'ATM' }) });
    expect(jpy.kind === 'mapped' && jpy.accountEvents[0]!.detail).toMatchObject({ kind: 'CASH_WITHDRAWAL', direction: 'DEBIT', channel: 'ATM', amount: { minor: 5000, currency: 'JPY' } });
    const bhd = mapOne({ schema: 'savingsTransaction', type: 'SavingsDepositBusinessEvent', id: 26, payload: savingsTransactionData({ id: 92, accountId: 5, kind: 'deposit', amount: '12.345', currencyCode: 'BHD', decimalPlaces: 3, paymentType: 'Mobile money' }) });
    expect(bhd.kind === 'mapped' && bhd.accountEvents[0]!.detail).toMatchObject({ kind: 'TRANSFER', network: 'INTERNAL', channel: 'MOBILE', amount: { minor: 12345, currency: 'BHD' } });
  });

  it('a reversed transaction → a reversal posting naming the original, the money moving back', () => {
    const undone = mapOne({ schema: 'savingsTransaction', type: 'SavingsDepositBusinessEvent', id: 27, payload: savingsTransactionData({ id: 90, accountId: 5, kind: 'deposit', amount: '1250.50', runningBalance: '0', reversed: true }) });
    expect(undone.kind === 'mapped' && undone.accountEvents.map((e) => e.detail)).toEqual([
      expect.objectContaining({ eventId: 'fineract:default:savings-txn:90:reversal', reversalOf: 'fineract:default:savings-txn:90', direction: 'DEBIT', amount: { minor: 125050, currency: 'CNY' } }),
    ]);
    const reversal = mapOne({ schema: 'savingsTransaction', type: 'SavingsWithdrawalBusinessEvent', id: 28, payload: savingsTransactionData({ id: 95, accountId: 5, kind: 'withdrawal', amount: '10', reversalOf: 93 }) });
    expect(reversal.kind === 'mapped' && reversal.accountEvents[0]!.detail).toMatchObject({ eventId: 'fineract:default:savings-txn:95', reversalOf: 'fineract:default:savings-txn:93', direction: 'CREDIT' });
  });

  it('holds and accounts of groups carry nothing the layer keeps: ignored, counted', () => {
    expect(mapOne({ schema: 'savingsTransaction', type: 'SavingsWithdrawalBusinessEvent', id: 29, payload: savingsTransactionData({ id: 96, accountId: 5, kind: 'amountHold', amount: '10' }) })).toEqual({ kind: 'ignored', metric: 'FineractSavingsTransactionsIgnored' });
    expect(mapOne({ schema: 'savingsAccount', type: 'SavingsActivateBusinessEvent', id: 30, payload: { ...savingsAccountData({ id: 6, clientId: 7 }), clientId: null, groupId: 2 } })).toEqual({ kind: 'ignored', metric: 'FineractGroupAccountsIgnored' });
    expect(mapOne({ schema: 'savingsAccount', type: 'SavingsApproveBusinessEvent', id: 31, payload: savingsAccountData({ id: 6, clientId: 7 }) })).toEqual({ kind: 'ignored', metric: 'FineractSavingsAccountEventsIgnored' });
  });

  it('a transaction without currency or amount is refused, naming the field', () => {
    expect(mapOne({ schema: 'savingsTransaction', type: 'SavingsDepositBusinessEvent', id: 32, payload: { ...savingsTransactionData({ id: 97, accountId: 5, kind: 'deposit', amount: '1' }), currency: null } })).toEqual({ kind: 'rejected', reason: 'SavingsDepositBusinessEvent: SavingsAccountTransactionDataV1.currency.code is missing or not an ISO 4217 code' });
    expect(mapOne({ schema: 'savingsTransaction', type: 'SavingsDepositBusinessEvent', id: 33, payload: { ...savingsTransactionData({ id: 97, accountId: 5, kind: 'deposit', amount: '1' }), amount: null } })).toEqual({ kind: 'rejected', reason: 'SavingsDepositBusinessEvent: SavingsAccountTransactionDataV1.amount is missing' });
  });
});

describe('Fineract loans', () => {
  it('LoanDisbursalBusinessEvent → AccountOpened, BalanceSnapshot and LoanStatusChanged CURRENT', () => {
    const outcome = mapOne({ schema: 'loanAccount', type: 'LoanDisbursalBusinessEvent', id: 41, payload: loanAccountData({ id: 8, clientId: 7, status: 'active', outstanding: '50000.00' }) });
    const base = { schemaVersion: 1, occurredAt: at, customerId: 'fineract:default:client:7', accountId: 'fineract:default:loan:8', product: 'PERSONAL_LOAN' };
    expect(outcome).toEqual({
      kind: 'mapped',
      accountEvents: [],
      customerEvents: [
        { detailType: 'AccountOpened', detail: { ...base, eventId: `fineract:default:${key(41)}`, version: 41, currency: 'CNY', openedOn: '2026-01-15' } },
        { detailType: 'BalanceSnapshot', detail: { ...base, eventId: `fineract:default:${key(41)}:balance`, asOf: '2026-11-03', balance: { minor: 5000000, currency: 'CNY' } } },
        { detailType: 'LoanStatusChanged', detail: { ...base, eventId: `fineract:default:${key(41)}:status`, version: 41, status: 'CURRENT', daysPastDue: 0, outstanding: { minor: 5000000, currency: 'CNY' } } },
      ],
    });
  });

  it('LoanStatusChangedBusinessEvent of a written-off loan → AccountClosed and LoanStatusChanged WRITTEN_OFF', () => {
    const outcome = mapOne({ schema: 'loanAccount', type: 'LoanStatusChangedBusinessEvent', id: 42, payload: loanAccountData({ id: 8, clientId: 7, status: 'closedWrittenOff', outstanding: '0', closedOn: '2026-11-02' }) });
    expect(outcome.kind === 'mapped' && outcome.customerEvents.map((e) => [e.detailType, (e.detail as { status?: string }).status, (e.detail as { closedOn?: string }).closedOn])).toEqual([
      ['AccountClosed', undefined, '2026-11-02'],
      ['LoanStatusChanged', 'WRITTEN_OFF', undefined],
    ]);
  });

  it('LoanTransactionMakeRepaymentPostBusinessEvent → TransactionPosted LOAN_REPAYMENT and the outstanding balance', () => {
    const outcome = mapOne({ schema: 'loanTransaction', type: 'LoanTransactionMakeRepaymentPostBusinessEvent', id: 43, payload: loanTransactionData({ id: 300, loanId: 8, kind: 'repayment', amount: '1500.00', outstanding: '48500.00', paymentType: 'Online banking' }) });
    expect(outcome).toEqual({
      kind: 'mapped',
      customerEvents: [],
      accountEvents: [
        {
          detailType: 'TransactionPosted',
          detail: { schemaVersion: 1, eventId: 'fineract:default:loan-txn:300', occurredAt: at, accountId: 'fineract:default:loan:8', channel: 'ONLINE', kind: 'LOAN_REPAYMENT', direction: 'CREDIT', amount: { minor: 150000, currency: 'CNY' } },
          origin: { producer: 'fineract', reference: 'default/LoanTransactionMakeRepaymentPostBusinessEvent/43' },
        },
        {
          detailType: 'BalanceSnapshot',
          detail: { schemaVersion: 1, eventId: `fineract:default:${key(43)}:balance-300`, occurredAt: at, accountId: 'fineract:default:loan:8', product: 'PERSONAL_LOAN', asOf: '2026-11-03', balance: { minor: 4850000, currency: 'CNY' } },
          origin: { producer: 'fineract', reference: 'default/LoanTransactionMakeRepaymentPostBusinessEvent/43' },
        },
      ],
    });
  });

  it('LoanAdjustTransactionBusinessEvent → the adjusted repayment reversed, its replacement posted', () => {
    const payload = {
      transactionToAdjust: loanTransactionData({ id: 300, loanId: 8, kind: 'repayment', amount: '1500.00' }),
      newTransactionDetail: loanTransactionData({ id: 301, loanId: 8, kind: 'repayment', amount: '1400.00', outstanding: '48600.00' }),
    };
    const outcome = mapOne({ schema: 'loanAdjustment', type: 'LoanAdjustTransactionBusinessEvent', id: 44, payload });
    expect(outcome.kind === 'mapped' && outcome.accountEvents.map((e) => e.detail)).toEqual([
      expect.objectContaining({ eventId: 'fineract:default:loan-txn:300:reversal', reversalOf: 'fineract:default:loan-txn:300', direction: 'DEBIT', amount: { minor: 150000, currency: 'CNY' } }),
      expect.objectContaining({ eventId: 'fineract:default:loan-txn:301', direction: 'CREDIT', amount: { minor: 140000, currency: 'CNY' } }),
      expect.objectContaining({ asOf: '2026-11-03', balance: { minor: 4860000, currency: 'CNY' } }),
    ]);
  });

  it('LoanDelinquencyRangeChangeBusinessEvent → LoanStatusChanged with days past due from the delinquent date', () => {
    const outcome = mapOne({ schema: 'delinquency', type: 'LoanDelinquencyRangeChangeBusinessEvent', id: 45, payload: delinquencyData({ loanId: 8, delinquentDate: '2026-10-03', overdue: '3000.00', classification: 'RANGE_30' }) });
    expect(outcome).toEqual({
      kind: 'mapped',
      customerEvents: [],
      accountEvents: [
        {
          detailType: 'LoanStatusChanged',
          detail: { schemaVersion: 1, eventId: `fineract:default:${key(45)}`, occurredAt: at, accountId: 'fineract:default:loan:8', product: 'PERSONAL_LOAN', version: 45, status: 'DELINQUENT_30', daysPastDue: 31, outstanding: { minor: 300000, currency: 'CNY' } },
          origin: { producer: 'fineract', reference: 'default/LoanDelinquencyRangeChangeBusinessEvent/45' },
        },
      ],
    });
    const cured = mapOne({ schema: 'delinquency', type: 'LoanDelinquencyRangeChangeBusinessEvent', id: 46, payload: delinquencyData({ loanId: 8 }) });
    expect(cured.kind === 'mapped' && cured.accountEvents[0]!.detail).toMatchObject({ status: 'CURRENT', daysPastDue: 0, version: 46 });
  });

  it('accruals and loan applications carry nothing the layer keeps: ignored, counted', () => {
    expect(mapOne({ schema: 'loanTransaction', type: 'LoanAccrualTransactionCreatedBusinessEvent', id: 47, payload: loanTransactionData({ id: 302, loanId: 8, kind: 'accrual', amount: '3.10' }) })).toEqual({ kind: 'ignored', metric: 'FineractLoanTransactionsIgnored' });
    expect(mapOne({ schema: 'loanAccount', type: 'LoanApprovedBusinessEvent', id: 48, payload: loanAccountData({ id: 9, clientId: 7, status: 'submittedAndPendingApproval' }) })).toEqual({ kind: 'ignored', metric: 'FineractLoanAccountEventsIgnored' });
  });
});
