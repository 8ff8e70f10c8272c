// Every supported version of every message, read from the fixture files, maps to the same golden events.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { coreBankingEvents } from '../../../shared/contracts/events';
import { eventsOf, outcomesOf } from './support';

const dir = join(import.meta.dirname, '../../fixtures/iso20022');
const golden = (m: string) => JSON.parse(readFileSync(join(dir, `${m}.golden.json`), 'utf8'));
const asGolden = (o: Awaited<ReturnType<typeof outcomesOf>>) =>
  o.filter((x) => x.kind !== 'message').map((x) => (x.kind === 'events' ? { events: x.events } : x.kind === 'skipped' ? { skipped: x.why } : { rejected: x.reason }));

describe.each(['camt.052', 'camt.053', 'camt.054'])('%s', (m) => {
  it.each([2, 3, 4, 5, 6, 7, 8])(`.001.0%i maps to the golden events`, async (v) => {
    const xml = readFileSync(join(dir, `${m}.001.0${v}.xml`), 'utf8');
    const outcomes = await outcomesOf(xml);
    expect(outcomes[0]).toMatchObject({ kind: 'message', message: { name: m, version: v }, messageId: `MSG-${m}-${v}` });
    expect(asGolden(outcomes)).toEqual(golden(m));
  });

  it('gives events the contract accepts once the account is resolved to a customer', async () => {
    const events = eventsOf(await outcomesOf(readFileSync(join(dir, `${m}.001.08.xml`), 'utf8')));
    expect(events.length).toBeGreaterThan(6);
    for (const e of events) {
      const parsed = coreBankingEvents[e.detailType].safeParse({ ...e.detail, customerId: 'C-1' });
      expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
    }
  });

  it('reads the same whatever the chunk boundaries', async () => {
    const xml = readFileSync(join(dir, `${m}.001.05.xml`), 'utf8');
    const whole = asGolden(await outcomesOf(xml, 1 << 20));
    for (const size of [1, 7, 64]) expect(asGolden(await outcomesOf(xml, size))).toEqual(whole);
  });
});

describe('the golden mapping, read by a person', () => {
  it('holds the rules of the mapping', async () => {
    const events = eventsOf(await outcomesOf(readFileSync(join(dir, 'camt.053.001.08.xml'), 'utf8')));
    const tx = events.filter((e) => e.detailType === 'TransactionPosted').map((e) => e.detail as Record<string, unknown>);
    // The pending entry is not a booking; the batch of two salaries is two transactions.
    expect(tx).toHaveLength(7);
    expect(tx.map((t) => t.kind)).toEqual(['CARD_PURCHASE', 'SALARY', 'SALARY', 'CARD_PURCHASE', 'TRANSFER', 'CARD_PURCHASE', 'INTEREST']);
    // A bare booking date is the start of that day in the bank's zone (Asia/Shanghai, UTC+8).
    expect(tx[0]!.occurredAt).toBe('2026-11-29T16:00:00.000Z');
    // A booking date-time (here 09:15 local) counts by its day too: the same booking given as a date in
    // another message must land on the timeline at the same instant.
    expect(tx[4]!.occurredAt).toBe('2026-11-29T16:00:00.000Z');
    // Two charge records are one fee; the reversal names the card purchase it reverses.
    expect(tx[4]!.fee).toEqual({ minor: 3000, currency: 'CNY' });
    expect(tx[3]!.reversalOf).toBe(tx[0]!.eventId);
    expect(tx[3]!.direction).toBe('CREDIT');
    // The proprietary code comes from the stage's table, with its channel.
    expect(tx[5]).toMatchObject({ kind: 'CARD_PURCHASE', channel: 'MOBILE' });
    const balance = events.find((e) => e.detailType === 'BalanceSnapshot')!.detail;
    expect(balance).toMatchObject({ asOf: '2026-11-30', balance: { minor: 117540, currency: 'CNY' }, occurredAt: '2026-11-30T15:59:59.000Z' });
  });
});
