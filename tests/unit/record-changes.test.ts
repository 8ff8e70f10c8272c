import { describe, expect, it } from 'vitest';
import { coreBankingEvents, type CoreBankingDetailType, type CoreBankingEvent } from '../../shared/contracts/events';
import { exampleDetails } from '../../shared/contracts/events/examples';
import { recordChangesFor } from '../../shared/domain/record-changes';

const event = (detailType: CoreBankingDetailType, overrides: Record<string, unknown> = {}) =>
  ({ detailType, detail: coreBankingEvents[detailType].parse({ ...exampleDetails[detailType], ...overrides }) }) as CoreBankingEvent;

describe('recordChangesFor', () => {
  it('keys a transaction by its UTC instant and eventId, so redelivery hits the same item', () => {
    const [change] = recordChangesFor(event('TransactionPosted'));
    expect(change).toMatchObject({
      kind: 'insertOnce',
      key: { PK: 'CUSTOMER#C-000123', SK: 'TL#2026-11-03T04:14:07.000Z#evt-0005' },
      item: { type: 'TRANSACTION', channel: 'ONLINE', amountMinor: 1250000, currency: 'CNY', feeMinor: 500, network: 'CNAPS' },
    });
  });

  it('sorts timeline keys by time whatever offset the producer used', () => {
    const shanghai = recordChangesFor(event('ChannelInteraction', { occurredAt: '2026-11-05T08:00:00+08:00', eventId: 'a' }));
    const london = recordChangesFor(event('ChannelInteraction', { occurredAt: '2026-11-05T00:30:00Z', eventId: 'b' }));
    expect(shanghai[0]!.key.SK < london[0]!.key.SK).toBe(true);
  });

  it('leaves optional fields out of the item rather than storing nulls', () => {
    const [change] = recordChangesFor(event('TransactionPosted', { fee: undefined, kind: 'CARD_PURCHASE', network: undefined }));
    expect(change?.kind === 'insertOnce' && Object.keys(change.item)).not.toContain('feeMinor');
  });

  it('guards the profile by its version', () => {
    const [change] = recordChangesFor(event('CustomerProfileUpdated'));
    expect(change).toMatchObject({ kind: 'newerWins', key: { SK: 'PROFILE' }, guard: 'version', guardValue: 2 });
  });

  it('keeps account lifecycle, balance and loan status under separate guards on one item', () => {
    const guards = [
      ...recordChangesFor(event('AccountOpened', { accountId: 'X' })),
      ...recordChangesFor(event('BalanceSnapshot', { accountId: 'X' })),
      ...recordChangesFor(event('LoanStatusChanged', { accountId: 'X' })),
    ]
      .filter((c) => c.key.SK === 'ACCOUNT#X')
      .map((c) => c.kind === 'newerWins' && c.guard);
    expect(guards).toEqual(['version', 'balanceObserved', 'loanVersion']);
  });

  it('orders balance reports by as-of date first, so a late-arriving older day never replaces a newer one', () => {
    const older = recordChangesFor(event('BalanceSnapshot', { asOf: '2026-11-02', occurredAt: '2026-11-04T00:00:00Z' }));
    const newer = recordChangesFor(event('BalanceSnapshot', { asOf: '2026-11-03', occurredAt: '2026-11-03T23:00:00Z' }));
    const guard = (changes: typeof older) => changes.find((c) => c.key.SK.startsWith('ACCOUNT#'))!;
    const [a, b] = [guard(older), guard(newer)];
    expect(a.kind === 'newerWins' && b.kind === 'newerWins' && a.guardValue < b.guardValue).toBe(true);
  });

  it('records a loan status change in the history and on the account', () => {
    const changes = recordChangesFor(event('LoanStatusChanged'));
    expect(changes.map((c) => c.key.SK)).toEqual(['ACCOUNT#L-8801-0001', 'LOAN#2026-11-03T18:00:00.000Z#evt-0007']);
  });
});
