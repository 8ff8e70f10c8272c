// Fineract external events as Fineract 1.10.1 writes them (MessageV1 around an Avro payload), for the
// simulator, the tests and the benchmark. Payload builders fill what Fineract fills; amounts are
// decimal strings, encoded as Fineract's scale-8 decimals.
import { encodeBulkMessage, encodeFineractMessage, type FineractEnvelope } from '../../shared/fineract/adapters/fineract-wire';
import { decimalOf } from '../../shared/fineract/domain/decimal';

const NS = 'org.apache.fineract.avro.';
export const FINERACT_SCHEMAS = {
  client: `${NS}client.v1.ClientDataV1`,
  savingsAccount: `${NS}savings.v1.SavingsAccountDataV1`,
  savingsTransaction: `${NS}savings.v1.SavingsAccountTransactionDataV1`,
  loanAccount: `${NS}loan.v1.LoanAccountDataV1`,
  loanTransaction: `${NS}loan.v1.LoanTransactionDataV1`,
  loanAdjustment: `${NS}loan.v1.LoanTransactionAdjustmentDataV1`,
  delinquency: `${NS}loan.v1.LoanAccountDelinquencyRangeDataV1`,
} as const;

const CATEGORY: Record<keyof typeof FINERACT_SCHEMAS, string> = {
  client: 'CLIENT',
  savingsAccount: 'SAVINGS',
  savingsTransaction: 'SAVINGS',
  loanAccount: 'LOAN',
  loanTransaction: 'LOAN',
  loanAdjustment: 'LOAN',
  delinquency: 'LOAN',
};

export const currency = (code = 'CNY', decimalPlaces = 2) => ({ code, name: code, decimalPlaces, inMultiplesOf: null, displaySymbol: null, nameCode: null, displayLabel: null });
export const money = (amount: string) => decimalOf(amount);

export type FineractMessageSpec = {
  schema: keyof typeof FINERACT_SCHEMAS;
  type: string;
  id: number;
  payload: Record<string, unknown>;
  tenantId?: string;
  idempotencyKey?: string;
  /** UTC local date-time, as Fineract writes createdAt. */
  createdAt?: string;
  businessDate?: string;
};

export const envelopeOf = (spec: FineractMessageSpec): FineractEnvelope => ({
  id: spec.id,
  source: '6c0d1f55-0b5a-4b8e-9d43-5a3c2b1e0f00',
  type: spec.type,
  category: CATEGORY[spec.schema],
  createdAt: spec.createdAt ?? '2026-11-03T04:14:07.123456',
  businessDate: spec.businessDate ?? '2026-11-03',
  tenantId: spec.tenantId ?? 'default',
  idempotencyKey: spec.idempotencyKey ?? `00000000-0000-4000-8000-${String(spec.id).padStart(12, '0')}`,
  dataschema: FINERACT_SCHEMAS[spec.schema],
});

export const fineractMessage = (spec: FineractMessageSpec): Buffer => encodeFineractMessage(envelopeOf(spec), spec.payload);

export const fineractBulkMessage = (id: number, items: FineractMessageSpec[], tenantId = 'default'): Buffer => {
  const { dataschema: _d, type: _t, category: _c, ...envelope } = envelopeOf({ ...items[0]!, id, tenantId });
  return encodeBulkMessage(
    envelope,
    items.map((spec) => ({ id: spec.id, type: spec.type, category: CATEGORY[spec.schema], dataschema: FINERACT_SCHEMAS[spec.schema], payload: spec.payload })),
  );
};

// Payload builders: the fields the mapping reads; Fineract's other fields stay null as avsc writes them.

export const clientData = (o: { id: number; officeId?: number; displayName?: string; email?: string; mobileNo?: string; dateOfBirth?: string; activationDate?: string; classification?: string }) => ({
  id: o.id,
  accountNo: String(o.id).padStart(9, '0'),
  status: { id: 300, code: 'clientStatusType.active', value: 'Active' },
  active: true,
  activationDate: o.activationDate ?? '2026-01-15',
  displayName: o.displayName ?? 'Li Wei',
  firstname: (o.displayName ?? 'Li Wei').split(' ')[0],
  lastname: (o.displayName ?? 'Li Wei').split(' ').slice(1).join(' ') || null,
  mobileNo: o.mobileNo ?? null,
  emailAddress: o.email ?? null,
  dateOfBirth: o.dateOfBirth ?? null,
  clientClassification: o.classification ? { id: 1, name: o.classification, position: 1, description: null, active: true, mandatory: false } : null,
  isStaff: false,
  officeId: o.officeId ?? 1,
  officeName: 'Head Office',
  timeline: { submittedOnDate: o.activationDate ?? '2026-01-15', activatedOnDate: o.activationDate ?? '2026-01-15' },
});

export const savingsAccountData = (o: { id: number; clientId: number; activatedOn?: string; closedOn?: string; balance?: string; currencyCode?: string; status?: 'active' | 'closed' }) => ({
  id: o.id,
  accountNo: String(o.id).padStart(9, '0'),
  clientId: o.clientId,
  savingsProductId: 1,
  status: { id: o.status === 'closed' ? 600 : 300, code: `savingsAccountStatusType.${o.status ?? 'active'}`, value: o.status ?? 'active', active: o.status !== 'closed', closed: o.status === 'closed' },
  timeline: { submittedOnDate: o.activatedOn ?? '2026-01-15', activatedOnDate: o.activatedOn ?? '2026-01-15', closedOnDate: o.closedOn ?? null },
  currency: currency(o.currencyCode),
  summary: { currency: currency(o.currencyCode), accountBalance: o.balance === undefined ? null : money(o.balance) },
});

export type SavingsTransactionKind = 'deposit' | 'withdrawal' | 'interestPosting' | 'feeDeduction' | 'amountHold';

export const savingsTransactionData = (o: { id: number; accountId: number; kind: SavingsTransactionKind; amount: string; runningBalance?: string; date?: string; paymentType?: string; cash?: boolean; reversed?: boolean; reversalOf?: number; currencyCode?: string; decimalPlaces?: number }) => ({
  id: o.id,
  transactionType: { id: 1, code: `savingsAccountTransactionType.${o.kind}`, value: o.kind, [o.kind]: true },
  accountId: o.accountId,
  date: o.date ?? '2026-11-03',
  currency: currency(o.currencyCode, o.decimalPlaces),
  paymentDetailData: o.paymentType ? { id: 1, paymentType: { id: 1, name: o.paymentType, isCashPayment: o.cash ?? false } } : null,
  amount: money(o.amount),
  runningBalance: o.runningBalance === undefined ? null : money(o.runningBalance),
  reversed: o.reversed ?? false,
  isReversal: o.reversalOf !== undefined,
  originalTransactionId: o.reversalOf === undefined ? null : String(o.reversalOf),
  submittedOnDate: o.date ?? '2026-11-03',
});

export const loanAccountData = (o: { id: number; clientId: number; status: 'active' | 'closedObligationsMet' | 'closedWrittenOff' | 'submittedAndPendingApproval'; outstanding?: string; delinquentDays?: number; disbursedOn?: string; closedOn?: string; chargedOff?: boolean; currencyCode?: string }) => ({
  id: o.id,
  accountNo: String(o.id).padStart(9, '0'),
  status: { id: 300, code: `loanStatusType.${o.status}`, value: o.status, [o.status]: true, closed: o.status.startsWith('closed') },
  clientId: o.clientId,
  loanProductId: 1,
  loanProductName: 'Personal loan',
  principal: money('50000'),
  currency: currency(o.currencyCode),
  timeline: { submittedOnDate: '2026-01-10', approvedOnDate: '2026-01-12', actualDisbursementDate: o.disbursedOn ?? '2026-01-15', closedOnDate: o.closedOn ?? null },
  summary: { currency: currency(o.currencyCode), totalOutstanding: o.outstanding === undefined ? null : money(o.outstanding) },
  delinquent: { pastDueDays: o.delinquentDays ?? 0, delinquentDays: o.delinquentDays ?? 0 },
  chargedOff: o.chargedOff ?? false,
});

export type LoanTransactionKind = 'repayment' | 'disbursement' | 'accrual' | 'goodwillCredit';

export const loanTransactionData = (o: { id: number; loanId: number; kind: LoanTransactionKind; amount: string; outstanding?: string; date?: string; paymentType?: string; reversed?: boolean; currencyCode?: string }) => ({
  id: o.id,
  loanId: o.loanId,
  officeId: 1,
  type: { id: 2, code: `loanTransactionType.${o.kind}`, value: o.kind, [o.kind]: true },
  date: o.date ?? '2026-11-03',
  currency: currency(o.currencyCode),
  paymentDetailData: o.paymentType ? { id: 1, paymentType: { id: 1, name: o.paymentType, isCashPayment: false } } : null,
  amount: money(o.amount),
  principalPortion: money(o.amount),
  outstandingLoanBalance: o.outstanding === undefined ? null : money(o.outstanding),
  manuallyReversed: o.reversed ?? false,
  reversedOnDate: o.reversed ? (o.date ?? '2026-11-03') : null,
  submittedOnDate: o.date ?? '2026-11-03',
});

export const delinquencyData = (o: { loanId: number; delinquentDate?: string; overdue?: string; classification?: string; currencyCode?: string }) => ({
  loanId: o.loanId,
  loanAccountNo: String(o.loanId).padStart(9, '0'),
  loanExternalId: null,
  delinquencyRange: o.classification ? { id: 1, classification: o.classification, minimumAgeDays: 1, maximumAgeDays: 30 } : null,
  charges: [],
  currency: currency(o.currencyCode),
  amount: { totalAmount: money(o.overdue ?? '0'), principalAmount: money(o.overdue ?? '0'), interestAmount: money('0'), feeAmount: money('0'), penaltyAmount: money('0') },
  delinquentDate: o.delinquentDate ?? null,
  installmentDelinquencyBuckets: null,
});
