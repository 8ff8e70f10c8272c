// The single-table layout of customer records. Everything about one customer shares its partition,
// so the customer 360, the timeline and a month's figures are each one Query on one partition.
//
//   PK                 SK                                   what
//   CUSTOMER#<id>      PROFILE                              consolidated profile (newest version wins)
//   CUSTOMER#<id>      ACCOUNT#<accountId>                  account lifecycle, latest balance, loan status
//   CUSTOMER#<id>      TL#<occurredAt UTC>#<eventId>        timeline entry: a transaction or an interaction
//   CUSTOMER#<id>      BAL#<asOf date>#<accountId>          end-of-day balance (latest snapshot of the day wins)
//   CUSTOMER#<id>      LOAN#<occurredAt UTC>#<eventId>      loan status history
//   CUSTOMER#<id>      CONSENT#<purpose>#<channel>          marketing consent (newest change wins)
//   CUSTOMER#<id>      ERASURE                              the customer's open erasure request, if any
//
// An erased customer's PROFILE item is the erasure tombstone (erasedAt): see shared/domain/personal-data.ts.
//
// Timeline and balance keys start with the time, so a month is one key range and "newest first" is a
// reverse Query. There is deliberately no secondary index on the hot path: each index would add a write
// unit to every transaction (see README, "Cost per event").

export const customerPk = (customerId: string) => `CUSTOMER#${customerId}`;
export const PROFILE_SK = 'PROFILE';
export const ACCOUNT_PREFIX = 'ACCOUNT#';
export const TIMELINE_PREFIX = 'TL#';
export const BALANCE_PREFIX = 'BAL#';
export const LOAN_PREFIX = 'LOAN#';
export const CONSENT_PREFIX = 'CONSENT#';

export const accountSk = (accountId: string) => `${ACCOUNT_PREFIX}${accountId}`;
export const timelineSk = (occurredAtUtc: string, eventId: string) => `${TIMELINE_PREFIX}${occurredAtUtc}#${eventId}`;
export const balanceSk = (asOf: string, accountId: string) => `${BALANCE_PREFIX}${asOf}#${accountId}`;
export const consentSk = (purpose: string, channel: string) => `${CONSENT_PREFIX}${purpose}#${channel}`;
export const loanSk = (occurredAtUtc: string, eventId: string) => `${LOAN_PREFIX}${occurredAtUtc}#${eventId}`;

/** Normalise an ISO instant with any offset to UTC with milliseconds, so that keys sort by time. */
export const toUtc = (instant: string) => new Date(instant).toISOString();

/**
 * Key range covering every SK with `prefix` whose time part lies in [from, to] (ISO strings, either
 * a date, a month or a full instant). `~` sorts after every character used in our keys.
 */
export const timeRange = (prefix: string, from?: string, to?: string) => ({
  start: `${prefix}${from ?? ''}`,
  end: `${prefix}${to ?? ''}~`,
});
