// Customers as core banking would report them: events, to be written by the real ingestion path.
// Profile values are distinctive so that a test can search every log line for them.
import { exampleDetails } from '../../../shared/contracts/events/examples';
import type { CoreBankingDetailType } from '../../../shared/contracts/events';

export type FixtureEvent = { detailType: CoreBankingDetailType; detail: Record<string, unknown> };

const instant = (base: string, plusMinutes: number) => new Date(Date.parse(base) + plusMinutes * 60_000).toISOString();

export const OWNER = 'C-API-OWNER';
export const OTHER = 'C-API-OTHER';
export const SPARSE = 'C-API-SPARSE';
export const UNKNOWN = 'C-API-NOBODY';

/** Values that are personal data: none may appear in a log line. */
export const personalValues = {
  [OWNER]: {
    fullName: 'Ouyang Xiaoming',
    email: 'ouyang.xm@example.cn',
    phone: '+86 139 1234 5678',
    dateOfBirth: '1979-06-21',
    accounts: ['A-7788-0001', 'A-7788-0002', 'L-7788-0003'],
    // On the owner's first transaction: the timeline shows them, logs never.
    counterparty: 'Zhuge Liangyu',
    remittance: 'Rent December flat 12B Jade Garden',
  },
  [OTHER]: {
    fullName: 'Catherine Pemberton-Wells',
    email: 'c.pemberton@example.co.uk',
    phone: '+44 20 7946 0958',
    dateOfBirth: '1990-12-02',
    accounts: ['A-9911-0001'],
    counterparty: 'Harriet Oyelaran-Moss',
    remittance: 'Invoice 4471 garden works',
  },
} as const;

function profileEvents(customerId: keyof typeof personalValues, eventPrefix: string): FixtureEvent[] {
  const p = personalValues[customerId];
  const base = { schemaVersion: 1, customerId };
  const profile = {
    fullName: p.fullName,
    dateOfBirth: p.dateOfBirth,
    email: p.email,
    phone: p.phone,
    preferredLanguage: 'zh',
    homeBranchId: 'BR-SH-002',
    incomeBand: 'VERY_HIGH',
    customerSince: '2019-04-01',
    vulnerable: true,
    version: 1,
  };
  const events: FixtureEvent[] = [
    { detailType: 'CustomerOnboarded', detail: { ...base, eventId: `${eventPrefix}-onb`, occurredAt: '2019-04-01T09:00:00+08:00', profile } },
  ];
  p.accounts.forEach((accountId, i) => {
    const lending = accountId.startsWith('L-');
    events.push({
      detailType: 'AccountOpened',
      detail: {
        ...base,
        eventId: `${eventPrefix}-open-${i}`,
        occurredAt: '2019-04-01T10:00:00+08:00',
        accountId,
        version: 1,
        product: lending ? 'PERSONAL_LOAN' : i === 1 ? 'SAVINGS' : 'CURRENT_ACCOUNT',
        currency: 'CNY',
        openedOn: '2019-04-01',
      },
    });
    events.push({
      detailType: 'BalanceSnapshot',
      detail: {
        ...base,
        eventId: `${eventPrefix}-bal-${i}`,
        occurredAt: '2026-10-31T23:59:59+08:00',
        accountId,
        product: lending ? 'PERSONAL_LOAN' : i === 1 ? 'SAVINGS' : 'CURRENT_ACCOUNT',
        asOf: '2026-10-31',
        balance: { minor: 100_000 * (i + 1), currency: 'CNY' },
      },
    });
    if (lending) {
      events.push({
        detailType: 'LoanStatusChanged',
        detail: {
          ...base,
          eventId: `${eventPrefix}-loan-${i}`,
          occurredAt: '2026-11-01T02:00:00+08:00',
          accountId,
          product: 'PERSONAL_LOAN',
          version: 2,
          status: 'DELINQUENT_60',
          daysPastDue: 61,
          outstanding: { minor: 300_000, currency: 'CNY' },
        },
      });
    }
  });
  return events;
}

const TIMELINE_CHANNELS = ['MOBILE', 'ATM', 'BRANCH', 'ONLINE', 'POS'] as const;

/** 45 transactions an hour apart on five channels, 5 phone calls, and two entries at the same instant. */
function ownerTimeline(): FixtureEvent[] {
  const events: FixtureEvent[] = [];
  for (let i = 0; i < 45; i++) {
    events.push({
      detailType: 'TransactionPosted',
      detail: {
        ...exampleDetails.TransactionPosted,
        customerId: OWNER,
        eventId: `own-tx-${String(i).padStart(3, '0')}`,
        occurredAt: instant('2026-10-01T08:00:00+08:00', i * 60),
        accountId: personalValues[OWNER].accounts[0],
        channel: TIMELINE_CHANNELS[i % TIMELINE_CHANNELS.length],
        kind: 'BILL_PAYMENT',
        direction: 'DEBIT',
        amount: { minor: 1000 + i, currency: 'CNY' },
        fee: undefined,
        network: undefined,
        // The first names its counterparty and remittance text; the second reverses the first.
        ...(i === 0 ? { counterpartyName: personalValues[OWNER].counterparty, remittanceInformation: personalValues[OWNER].remittance } : {}),
        ...(i === 1 ? { reversalOf: 'own-tx-000', direction: 'CREDIT', amount: { minor: 1000, currency: 'CNY' } } : {}),
      },
    });
  }
  for (let i = 0; i < 5; i++) {
    events.push({
      detailType: 'ChannelInteraction',
      detail: {
        ...exampleDetails.ChannelInteraction,
        customerId: OWNER,
        eventId: `own-call-${i}`,
        // The first call shares its instant with a transaction: order between them is by eventId.
        occurredAt: instant('2026-10-01T08:00:00+08:00', i * 600),
      },
    });
  }
  return events;
}

/** 600 mobile logins, then, older than all of them, 3 branch visits: a sparse channel. */
function sparseTimeline(): FixtureEvent[] {
  const events: FixtureEvent[] = [];
  for (let i = 0; i < 3; i++) {
    events.push({
      detailType: 'ChannelInteraction',
      detail: {
        ...exampleDetails.ChannelInteraction,
        customerId: SPARSE,
        eventId: `sparse-branch-${i}`,
        channel: 'BRANCH',
        interactionType: 'BRANCH_VISIT',
        occurredAt: instant('2026-01-01T09:00:00Z', i),
      },
    });
  }
  for (let i = 0; i < 600; i++) {
    events.push({
      detailType: 'ChannelInteraction',
      detail: {
        ...exampleDetails.ChannelInteraction,
        customerId: SPARSE,
        eventId: `sparse-login-${String(i).padStart(4, '0')}`,
        channel: 'MOBILE',
        interactionType: 'LOGIN',
        agentAssisted: false,
        durationSeconds: undefined,
        topic: undefined,
        occurredAt: instant('2026-02-01T00:00:00Z', i),
      },
    });
  }
  return events;
}

export const ownerEvents = () => [...profileEvents(OWNER, 'own'), ...ownerTimeline()];
export const otherEvents = () => [...profileEvents(OTHER, 'oth')];
export const sparseEvents = () => [
  {
    detailType: 'CustomerOnboarded',
    // In the other fixtures' branch, so one relationship manager of that branch reaches all three.
    detail: { ...exampleDetails.CustomerOnboarded, customerId: SPARSE, eventId: 'sparse-onb', profile: { ...(exampleDetails.CustomerOnboarded.profile as object), homeBranchId: 'BR-SH-002' } },
  } as FixtureEvent,
  ...sparseTimeline(),
];

/** The owner's timeline as the API must list it: newest first, ties by eventId descending. */
export function expectedTimeline(events: FixtureEvent[], channel?: string) {
  return events
    .filter((e) => e.detailType === 'TransactionPosted' || e.detailType === 'ChannelInteraction')
    .filter((e) => !channel || e.detail.channel === channel)
    .map((e) => ({ eventId: String(e.detail.eventId), key: `${new Date(String(e.detail.occurredAt)).toISOString()}#${e.detail.eventId}` }))
    .sort((a, b) => (a.key < b.key ? 1 : -1))
    .map((e) => e.eventId);
}
