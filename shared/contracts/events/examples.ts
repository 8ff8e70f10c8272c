// One valid example detail per detail-type: written next to the generated JSON Schemas for producers,
// and used by tests as the starting point of generated events.
import type { CoreBankingDetailType } from './index';

const base = (eventId: string, occurredAt: string) => ({
  schemaVersion: 1 as const,
  eventId,
  occurredAt,
  customerId: 'C-000123',
});

const profile = {
  fullName: 'Li Wei',
  dateOfBirth: '1984-03-09',
  email: 'li.wei@example.com',
  phone: '+86 138 0013 8000',
  preferredLanguage: 'zh' as const,
  homeBranchId: 'BR-SH-001',
  incomeBand: 'HIGH' as const,
  customerSince: '2026-01-15',
  vulnerable: false,
};

export const exampleDetails: Record<CoreBankingDetailType, Record<string, unknown>> = {
  CustomerOnboarded: { ...base('evt-0001', '2026-01-15T09:30:00+08:00'), profile: { ...profile, version: 1 } },
  CustomerProfileUpdated: {
    ...base('evt-0002', '2026-03-02T14:05:00+08:00'),
    profile: { ...profile, version: 2, phone: '+86 139 0013 9000' },
  },
  AccountOpened: {
    ...base('evt-0003', '2026-01-15T09:45:00+08:00'),
    accountId: 'A-6222-0001',
    version: 1,
    product: 'CURRENT_ACCOUNT',
    currency: 'CNY',
    openedOn: '2026-01-15',
    channel: 'BRANCH',
  },
  AccountClosed: {
    ...base('evt-0004', '2026-10-30T16:00:00+08:00'),
    accountId: 'A-6222-0002',
    version: 2,
    product: 'SAVINGS',
    currency: 'CNY',
    openedOn: '2026-02-01',
    closedOn: '2026-10-30',
  },
  TransactionPosted: {
    ...base('evt-0005', '2026-11-03T12:14:07+08:00'),
    accountId: 'A-6222-0001',
    channel: 'ONLINE',
    kind: 'TRANSFER',
    direction: 'DEBIT',
    amount: { minor: 1250000, currency: 'CNY' },
    fee: { minor: 500, currency: 'CNY' },
    network: 'CNAPS',
  },
  BalanceSnapshot: {
    ...base('evt-0006', '2026-11-03T23:59:59+08:00'),
    accountId: 'A-6222-0001',
    product: 'CURRENT_ACCOUNT',
    asOf: '2026-11-03',
    balance: { minor: 8834500, currency: 'CNY' },
  },
  LoanStatusChanged: {
    ...base('evt-0007', '2026-11-04T02:00:00+08:00'),
    accountId: 'L-8801-0001',
    product: 'PERSONAL_LOAN',
    version: 4,
    status: 'DELINQUENT_30',
    daysPastDue: 31,
    outstanding: { minor: 4200000, currency: 'CNY' },
  },
  ChannelInteraction: {
    ...base('evt-0008', '2026-11-05T10:20:00+08:00'),
    channel: 'PHONE',
    interactionType: 'CALL',
    agentAssisted: true,
    durationSeconds: 420,
    topic: 'CARDS',
  },
  MarketingConsentChanged: {
    ...base('evt-0009', '2026-11-06T09:00:00+08:00'),
    purpose: 'PRODUCT_OFFERS',
    channel: 'EMAIL',
    state: 'GRANTED',
  },
};
