// What a core-banking event changes in the customer's records, as data. Pure: no I/O, no clock.
//
// Two kinds of change make every update idempotent and order-insensitive without counters:
// - insertOnce: an item keyed by the producer's eventId. A second delivery finds it there and changes
//   nothing, so "count each eventId once" holds by construction.
// - newerWins: a group of attributes guarded by one ordered value (an entity version, or an as-of
//   time). The write applies only when its guard is greater than the stored one, so a stale or repeated
//   delivery is acknowledged and ignored, and the final state is the newest whatever the arrival order.
import { accountOwnerChange } from '../accounts/domain/account-keys';
import type { CoreBankingEvent } from '../contracts/events';
import { PERSONAL_PROFILE_ATTRIBUTES, PERSONAL_TIMELINE_ATTRIBUTES } from './personal-data';
import {
  accountSk,
  balanceSk,
  consentSk,
  customerPk,
  loanSk,
  PROFILE_SK,
  timelineSk,
  toUtc,
} from './record-keys';

export type AttributeValue = string | number | boolean;
export type RecordKey = { PK: string; SK: string };

export type RecordChange =
  | {
      kind: 'insertOnce';
      key: RecordKey;
      item: Record<string, AttributeValue>;
      /** Attributes of `item` that are personal data: checked against the erasure tombstone. */
      personal?: readonly string[];
    }
  | {
      kind: 'newerWins';
      /** Attributes of `set` that are personal data: never written over an erasure tombstone. */
      personal?: readonly string[];
      key: RecordKey;
      /** Attribute holding the guard; distinct groups on one item have distinct guards. */
      guard: string;
      guardValue: number | string;
      set: Record<string, AttributeValue>;
    };

/** Drop undefined so that optional fields are absent, not null, in the item. */
const defined = (o: Record<string, AttributeValue | undefined>): Record<string, AttributeValue> =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Record<string, AttributeValue>;

/** The personal attributes among those a change writes: absent when there are none. */
const personalIn = (attributes: Record<string, AttributeValue>, personal: readonly string[]) => {
  const present = personal.filter((n) => attributes[n] !== undefined);
  return present.length ? { personal: present } : {};
};

/**
 * Orders facts that share a date or an instant: a later report of the same thing wins, and two reports
 * at the same instant are ordered by eventId so that every replica agrees on one winner.
 */
const observedOrder = (...parts: string[]) => parts.join('#');

export function recordChangesFor(event: CoreBankingEvent): RecordChange[] {
  const pk = customerPk(event.detail.customerId);
  const occurredAt = toUtc(event.detail.occurredAt);

  switch (event.detailType) {
    case 'CustomerOnboarded':
    case 'CustomerProfileUpdated': {
      const p = event.detail.profile;
      const set = defined({
        type: 'PROFILE',
        customerId: event.detail.customerId,
        fullName: p.fullName,
        dateOfBirth: p.dateOfBirth,
        email: p.email,
        phone: p.phone,
        preferredLanguage: p.preferredLanguage,
        homeBranchId: p.homeBranchId,
        incomeBand: p.incomeBand,
        customerSince: p.customerSince,
        vulnerable: p.vulnerable,
        updatedAt: occurredAt,
      });
      return [
        { kind: 'newerWins', key: { PK: pk, SK: PROFILE_SK }, guard: 'version', guardValue: p.version, set, ...personalIn(set, PERSONAL_PROFILE_ATTRIBUTES) },
      ];
    }

    case 'AccountOpened':
    case 'AccountClosed': {
      const d = event.detail;
      // AccountOpened also names the account's owner, for connectors whose messages name accounts only
      // (shared/accounts, docs/accounts.md).
      const owner = event.detailType === 'AccountOpened' ? [accountOwnerChange(event.detail)] : [];
      return [
        ...owner,
        {
          kind: 'newerWins',
          key: { PK: pk, SK: accountSk(d.accountId) },
          guard: 'version',
          guardValue: d.version,
          set: defined({
            type: 'ACCOUNT',
            accountId: d.accountId,
            product: d.product,
            currency: d.currency,
            openedOn: d.openedOn,
            status: event.detailType === 'AccountOpened' ? 'OPEN' : 'CLOSED',
            closedOn: event.detailType === 'AccountClosed' ? event.detail.closedOn : undefined,
          }),
        },
      ];
    }

    case 'BalanceSnapshot': {
      const d = event.detail;
      const order = observedOrder(d.asOf, occurredAt, d.eventId);
      return [
        {
          kind: 'newerWins',
          key: { PK: pk, SK: balanceSk(d.asOf, d.accountId) },
          guard: 'observed',
          guardValue: observedOrder(occurredAt, d.eventId),
          set: {
            type: 'BALANCE',
            accountId: d.accountId,
            product: d.product,
            asOf: d.asOf,
            balanceMinor: d.balance.minor,
            currency: d.balance.currency,
          },
        },
        {
          // The account's latest balance: the newest as-of date wins, whenever it arrives.
          kind: 'newerWins',
          key: { PK: pk, SK: accountSk(d.accountId) },
          guard: 'balanceObserved',
          guardValue: order,
          set: {
            type: 'ACCOUNT',
            accountId: d.accountId,
            balanceMinor: d.balance.minor,
            balanceCurrency: d.balance.currency,
            balanceAsOf: d.asOf,
          },
        },
      ];
    }

    case 'LoanStatusChanged': {
      const d = event.detail;
      return [
        {
          kind: 'newerWins',
          key: { PK: pk, SK: accountSk(d.accountId) },
          guard: 'loanVersion',
          guardValue: d.version,
          set: {
            type: 'ACCOUNT',
            accountId: d.accountId,
            loanStatus: d.status,
            daysPastDue: d.daysPastDue,
            outstandingMinor: d.outstanding.minor,
            outstandingCurrency: d.outstanding.currency,
            loanStatusAt: occurredAt,
          },
        },
        {
          kind: 'insertOnce',
          key: { PK: pk, SK: loanSk(occurredAt, d.eventId) },
          item: {
            type: 'LOAN_STATUS',
            eventId: d.eventId,
            occurredAt,
            accountId: d.accountId,
            product: d.product,
            loanVersion: d.version,
            loanStatus: d.status,
            daysPastDue: d.daysPastDue,
            outstandingMinor: d.outstanding.minor,
            currency: d.outstanding.currency,
          },
        },
      ];
    }

    case 'TransactionPosted': {
      const d = event.detail;
      const item = defined({
        type: 'TRANSACTION',
        eventId: d.eventId,
        occurredAt,
        channel: d.channel,
        accountId: d.accountId,
        kind: d.kind,
        direction: d.direction,
        amountMinor: d.amount.minor,
        currency: d.amount.currency,
        feeMinor: d.fee?.minor,
        feeCurrency: d.fee?.currency,
        network: d.network,
        merchantCategoryCode: d.merchantCategoryCode,
        // A reversal is its own item (its own eventId), so the original stays on the timeline and
        // both count once; monthly-figures.ts nets them.
        reversalOf: d.reversalOf,
        // Personal data for the timeline only: never logged (see the personal-data tests).
        counterpartyName: d.counterpartyName,
        remittanceInformation: d.remittanceInformation,
      });
      return [
        { kind: 'insertOnce', key: { PK: pk, SK: timelineSk(occurredAt, d.eventId) }, item, ...personalIn(item, PERSONAL_TIMELINE_ATTRIBUTES) },
      ];
    }

    case 'ChannelInteraction': {
      const d = event.detail;
      return [
        {
          kind: 'insertOnce',
          key: { PK: pk, SK: timelineSk(occurredAt, d.eventId) },
          item: defined({
            type: 'INTERACTION',
            eventId: d.eventId,
            occurredAt,
            channel: d.channel,
            interactionType: d.interactionType,
            agentAssisted: d.agentAssisted,
            durationSeconds: d.durationSeconds,
            topic: d.topic,
          }),
        },
      ];
    }

    case 'MarketingConsentChanged': {
      const d = event.detail;
      return [consentChange(d.customerId, { purpose: d.purpose, channel: d.channel, state: d.state, changedAt: occurredAt, changeId: d.eventId, source: 'CORE_BANKING' })];
    }
  }
}

export type ConsentChange = {
  purpose: string;
  channel: string;
  state: 'GRANTED' | 'WITHDRAWN';
  /** UTC instant of the customer's decision. */
  changedAt: string;
  /** The event's or the API request's id: orders two changes at one instant the same way everywhere. */
  changeId: string;
  source: 'CORE_BANKING' | 'CUSTOMER_API';
};

/**
 * One purpose × channel, newest decision wins: from core banking's events and the customer's API calls
 * alike, so the two sources can arrive in any order. An erasure seals the item (ERASED_CONSENT_GUARD).
 */
export function consentChange(customerId: string, c: ConsentChange): RecordChange {
  return {
    kind: 'newerWins',
    key: { PK: customerPk(customerId), SK: consentSk(c.purpose, c.channel) },
    guard: 'consentOrder',
    guardValue: observedOrder(c.changedAt, c.changeId),
    set: { type: 'CONSENT', purpose: c.purpose, channel: c.channel, state: c.state, changedAt: c.changedAt, source: c.source },
  };
}

/** Sorts after every `<instant>#<id>` order: a sealed consent is never overwritten by a late or replayed grant. */
export const ERASED_CONSENT_GUARD = '~ERASED';
