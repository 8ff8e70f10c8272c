// Builds a customer's stored items the way ingestion does: events through the real recordChangesFor,
// applied to an in-memory table with DynamoDB's insert-once and newer-wins conditions, then read back
// as plain objects. So the folds are tested on what the table actually holds.
import { coreBankingEvents, type CoreBankingDetailType, type CoreBankingEvent } from '../../../shared/contracts/events';
import { exampleDetails } from '../../../shared/contracts/events/examples';
import { recordChangesFor } from '../../../shared/domain/record-changes';
import type { StoredItem } from '../../../shared/domain/monthly-figures';

let sequence = 0;
const nextId = () => `evt-t${++sequence}`;

export const event = (detailType: CoreBankingDetailType, overrides: Record<string, unknown>): CoreBankingEvent =>
  ({
    detailType,
    detail: coreBankingEvents[detailType].parse({ ...exampleDetails[detailType], eventId: nextId(), ...overrides }),
  }) as CoreBankingEvent;

export function storedItems(events: CoreBankingEvent[]): StoredItem[] {
  const table = new Map<string, Record<string, unknown>>();
  for (const e of events) {
    for (const change of recordChangesFor(e)) {
      const key = `${change.key.PK}|${change.key.SK}`;
      const current = table.get(key);
      if (change.kind === 'insertOnce') {
        if (!current) table.set(key, { ...change.item, ...change.key });
      } else if (!current || current[change.guard] === undefined || (current[change.guard] as number | string) < change.guardValue) {
        table.set(key, { ...current, ...change.key, ...change.set, [change.guard]: change.guardValue });
      }
    }
  }
  return [...table.values()];
}

type Money = { minor: number; currency: string };
const money = (minor: number, currency = 'CNY'): Money => ({ minor, currency });

export const posted = (occurredAt: string, channel: string, amount: number, opts: { currency?: string; fee?: Money; accountId?: string } = {}) =>
  event('TransactionPosted', {
    occurredAt,
    channel,
    kind: 'CARD_PURCHASE',
    network: undefined,
    accountId: opts.accountId ?? 'A-1',
    amount: money(amount, opts.currency),
    fee: opts.fee,
  });

export const interaction = (occurredAt: string, channel: string, agentAssisted: boolean) =>
  event('ChannelInteraction', { occurredAt, channel, agentAssisted, interactionType: 'ENQUIRY' });

export const opened = (accountId: string, product: string, openedOn: string, currency = 'CNY') =>
  event('AccountOpened', { accountId, product, openedOn, currency, version: 1, occurredAt: `${openedOn}T09:00:00+08:00` });

export const closed = (accountId: string, product: string, openedOn: string, closedOn: string, currency = 'CNY') =>
  event('AccountClosed', { accountId, product, openedOn, closedOn, currency, version: 2, occurredAt: `${closedOn}T17:00:00+08:00` });

export const balance = (accountId: string, product: string, asOf: string, minor: number, currency = 'CNY') =>
  event('BalanceSnapshot', { accountId, product, asOf, balance: money(minor, currency), occurredAt: `${asOf}T23:59:59+08:00` });

/** End-of-day snapshots of the same balance for every date from `from` to `to` (inclusive). */
export const dailyBalances = (accountId: string, product: string, from: string, to: string, minor: number, currency = 'CNY') => {
  const out: CoreBankingEvent[] = [];
  for (let d = new Date(`${from}T00:00:00Z`); d <= new Date(`${to}T00:00:00Z`); d = new Date(d.getTime() + 86_400_000)) {
    out.push(balance(accountId, product, d.toISOString().slice(0, 10), minor, currency));
  }
  return out;
};

export const loanStatus = (
  accountId: string,
  occurredAt: string,
  version: number,
  status: string,
  outstanding: number,
  opts: { currency?: string; product?: string; daysPastDue?: number } = {},
) =>
  event('LoanStatusChanged', {
    accountId,
    occurredAt,
    version,
    status,
    product: opts.product ?? 'PERSONAL_LOAN',
    daysPastDue: opts.daysPastDue ?? 0,
    outstanding: money(outstanding, opts.currency),
  });
