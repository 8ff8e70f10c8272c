// Customer-record items as stored, named after the attributes shared/domain/record-changes.ts writes.
// Events arrive in any order, so an item can hold some groups of attributes and not yet others: an
// account known only from a balance snapshot has no product or status.
export type StoredProfile = {
  PK: string;
  SK: 'PROFILE';
  customerId: string;
  version: number;
  fullName: string;
  dateOfBirth?: string;
  email?: string;
  phone?: string;
  preferredLanguage: 'en' | 'zh';
  homeBranchId: string;
  incomeBand: 'LOW' | 'MIDDLE' | 'HIGH' | 'VERY_HIGH';
  customerSince: string;
  vulnerable: boolean;
  updatedAt: string;
  /** Present on an erased customer's profile, which is then the erasure tombstone (personal-data.ts). */
  erasedAt?: string;
};

export type StoredAccount = {
  PK: string;
  SK: string;
  accountId: string;
  // Lifecycle (AccountOpened / AccountClosed)
  product?: string;
  currency?: string;
  openedOn?: string;
  status?: 'OPEN' | 'CLOSED';
  closedOn?: string;
  // Latest balance (BalanceSnapshot)
  balanceMinor?: number;
  balanceCurrency?: string;
  balanceAsOf?: string;
  // Latest loan status (LoanStatusChanged)
  loanStatus?: string;
  daysPastDue?: number;
  outstandingMinor?: number;
  outstandingCurrency?: string;
  loanStatusAt?: string;
};

export type StoredTransaction = {
  PK: string;
  SK: string;
  type: 'TRANSACTION';
  eventId: string;
  occurredAt: string;
  channel: string;
  accountId: string;
  kind: string;
  direction: 'CREDIT' | 'DEBIT';
  amountMinor: number;
  currency: string;
  feeMinor?: number;
  feeCurrency?: string;
  network?: string;
  merchantCategoryCode?: string;
  /** The eventId of the posting this one reverses. */
  reversalOf?: string;
  /** Personal data (ISO 20022 related party, remittance text): shown, never logged. */
  counterpartyName?: string;
  remittanceInformation?: string;
};

export type StoredInteraction = {
  PK: string;
  SK: string;
  type: 'INTERACTION';
  eventId: string;
  occurredAt: string;
  channel: string;
  interactionType: string;
  agentAssisted: boolean;
  durationSeconds?: number;
  topic?: string;
};

export type StoredTimelineEntry = StoredTransaction | StoredInteraction;
