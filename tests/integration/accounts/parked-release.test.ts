// Entries for accounts not known yet are parked and applied once their AccountOpened arrives, exactly
// once whatever the order: before, after, concurrently, redelivered. DynamoDB Local and a local bus.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ownerPk, OWNER_SK } from '../../../shared/accounts/domain/account-keys';
import type { ResolveAccountsDeps } from '../../../shared/accounts/use-cases/resolve-accounts';
import { tableContents } from '../../support/local-aws';
import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { posting, startHarness, type Harness } from './accounts-harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.stop());

const FAR_FUTURE = new Date('2100-01-01T00:00:00Z');

async function timelineOf(customerId: string) {
  return (await tableContents(h.tableName, [customerId], h.client)).filter((i) => String(i.SK).startsWith('TL#'));
}

/** Each of these eventIds was applied exactly once, is on the customer's timeline once, and nothing is parked for the account. */
async function expectAppliedOnce(customerId: string, accountId: string, eventIds: string[]) {
  for (const id of eventIds) expect(h.applied.get(id), id).toBe(1);
  const timeline = await timelineOf(customerId);
  expect(timeline.map((i) => i.eventId).sort()).toEqual([...eventIds].sort());
  expect(await h.parked.forAccount(accountId)).toEqual([]);
}

describe('an entry whose account arrives later', () => {
  it('is parked, then applied with its customer when the AccountOpened is, and unparked', async () => {
    const entries = [1, 2, 3].map((n) => posting('A-BEFORE', n));
    const result = await h.connectorSends(entries);
    expect(result.ready).toEqual([]);
    expect(result.parked.map((e) => e.detail.eventId)).toEqual(entries.map((e) => e.detail.eventId));
    const parked = await h.parked.forAccount('A-BEFORE');
    expect(parked.map((p) => p.eventId).sort()).toEqual(entries.map((e) => e.detail.eventId).sort());
    // What was parked is the entry as mapped, and where it came from.
    expect(parked.find((p) => p.eventId === 'iso-A-BEFORE-1')!.event).toEqual(entries[0]);

    await h.openAccount('A-BEFORE', 'C-BEFORE');
    await h.drain();

    await expectAppliedOnce('C-BEFORE', 'A-BEFORE', entries.map((e) => e.detail.eventId));
    // Released under the producer's own source, so the archive holds them as that producer's.
    for (const e of entries) expect([...h.sources.get(e.detail.eventId)!]).toEqual(['core.banking.iso20022']);
  });
});

describe('an entry whose account is known', () => {
  it('is ready at once, with the customer of the AccountOpened, and never parked', async () => {
    await h.openAccount('A-AFTER', 'C-AFTER');
    await h.drain();
    const owner = await h.client.send(new GetItemCommand({ TableName: h.tableName, Key: marshall({ PK: ownerPk('A-AFTER'), SK: OWNER_SK }) }));
    expect(unmarshall(owner.Item!)).toMatchObject({ customerId: 'C-AFTER', eventId: 'open-A-AFTER', type: 'ACCOUNT_OWNER' });

    const entries = [1, 2].map((n) => posting('A-AFTER', n));
    const result = await h.connectorSends(entries);
    expect(result.parked).toEqual([]);
    expect(result.ready.map((e) => e.detail.customerId)).toEqual(['C-AFTER', 'C-AFTER']);
    await h.drain();
    await expectAppliedOnce('C-AFTER', 'A-AFTER', entries.map((e) => e.detail.eventId));
  });

  it('keeps the first owner: a second AccountOpened for the account naming another customer changes no owner', async () => {
    await h.openAccount('A-TWICE', 'C-FIRST');
    await h.openAccount('A-TWICE', 'C-SECOND', 'open-A-TWICE-again');
    await h.drain();
    expect(await h.directory.ownerOf('A-TWICE')).toBe('C-FIRST');
  });
});

describe('an AccountOpened applied while the connector parks', () => {
  it('in the one interleaving that would strand an entry (owner written between the first read and the park), the re-read catches it', async () => {
    // The connector's first owner read misses; before it parks, ingestion applies the AccountOpened
    // and finds nothing parked yet. Only the read after parking can still see the owner.
    let first = true;
    const racing: ResolveAccountsDeps = {
      ...h.connectorDeps,
      directory: {
        ownersOf: async (ids) => {
          const owners = await h.directory.ownersOf(ids);
          if (first) {
            first = false;
            await h.openAccount('A-RACE', 'C-RACE');
            await h.drain();
          }
          return owners;
        },
      },
    };
    const entries = [1, 2].map((n) => posting('A-RACE', n));
    const result = await h.connectorSends(entries, racing);
    expect(result.parked).toEqual([]);
    expect(result.ready.map((e) => e.detail.eventId)).toEqual(entries.map((e) => e.detail.eventId));
    await h.drain();
    await expectAppliedOnce('C-RACE', 'A-RACE', entries.map((e) => e.detail.eventId));
  });

  it('in any interleaving of many accounts at once, applies every entry once and leaves nothing parked', async () => {
    const accounts = Array.from({ length: 12 }, (_, i) => `A-CONC-${i}`);
    const entries = new Map(accounts.map((a) => [a, [1, 2, 3].map((n) => posting(a, n))]));
    const jitter = () => new Promise((r) => setTimeout(r, Math.random() * 15));
    await Promise.all(
      accounts.flatMap((a, i) => [
        jitter().then(() => h.connectorSends(entries.get(a)!)),
        jitter().then(() => h.openAccount(a, `C-CONC-${i}`)),
        jitter().then(() => h.drain()),
      ]),
    );
    await h.drain();
    for (const [i, a] of accounts.entries()) await expectAppliedOnce(`C-CONC-${i}`, a, entries.get(a)!.map((e) => e.detail.eventId));
    expect(await h.parked.countParkedBefore(FAR_FUTURE)).toBe(0);
  });
});

describe('redelivery', () => {
  it('of the entries and of the AccountOpened, in any order, applies each entry once', async () => {
    const entries = [1, 2, 3, 4].map((n) => posting('A-REDELIVER', n));
    // The file twice before the account, the AccountOpened twice, the file again after.
    await h.connectorSends(entries);
    await h.connectorSends(entries.slice(1));
    expect((await h.parked.forAccount('A-REDELIVER')).length).toBe(4);
    await h.openAccount('A-REDELIVER', 'C-REDELIVER');
    await h.openAccount('A-REDELIVER', 'C-REDELIVER');
    await h.drain();
    const again = await h.connectorSends(entries);
    expect(again.parked).toEqual([]);
    await h.drain();

    await expectAppliedOnce('C-REDELIVER', 'A-REDELIVER', entries.map((e) => e.detail.eventId));
  });

  it('keeps the first parkedAt when an entry is parked again', async () => {
    const entry = posting('A-AGE', 1);
    const at = (iso: string) => ({ ...h.connectorDeps, now: () => new Date(iso) });
    await h.connectorSends([entry], at('2026-11-01T00:00:00Z'));
    await h.connectorSends([entry], at('2026-11-02T00:00:00Z'));
    expect((await h.parked.forAccount('A-AGE')).map((p) => p.parkedAt)).toEqual(['2026-11-01T00:00:00.000Z']);
  });
});
