// The initial load's writes try a newer-wins change first as the insert of the item it would create
// (NewItemsFirst in shared/adapters/customer-records-writer.ts). That must change nothing but the
// request sent: the same table as the ordinary writes in any order, stale changes still lose, an erasure
// tombstone still keeps its personal attributes out, 1 write unit per new item, and found items turn it off.
import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { generateCoreBankingStream } from '../../../local/simulator/core-banking-stream';
import { CustomerRecordsWriter, NewItemsFirst, type WriteCost } from '../../../shared/adapters/customer-records-writer';
import { exampleDetails } from '../../../shared/contracts/events/examples';
import type { CoreBankingEvent } from '../../../shared/contracts/events';
import { recordChangesFor } from '../../../shared/domain/record-changes';
import { customerPk, PROFILE_SK } from '../../../shared/domain/record-keys';
import { createCustomerTable, dynamoDb, tableContents } from '../../support/local-aws';
import { applyInOrder } from './load-harness';

vi.setConfig({ testTimeout: 240_000, hookTimeout: 240_000 });
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const stream = [...generateCoreBankingStream({ customers: 6, days: 20, seed: 'new-items-first' })];
const customerIds = [...new Set(stream.map((e) => e.detail.customerId))];
const client = dynamoDb();

/** A deterministic shuffle: later versions often arrive before earlier ones, as in a load beside live events. */
const shuffled = <T,>(xs: readonly T[], seed = 7) => {
  const out = [...xs];
  let s = seed;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
};

let inOrder: Record<string, unknown>[];
beforeAll(async () => {
  const table = await createCustomerTable();
  await applyInOrder(table, stream);
  inOrder = await tableContents(table, customerIds);
});

describe('newer-wins changes tried as inserts first', () => {
  it('leave the table exactly as the ordinary writes in order, whatever the order and however often', async () => {
    const table = await createCustomerTable();
    const writer = new CustomerRecordsWriter(client, table);
    const first = new NewItemsFirst();
    // Shuffled (stale changes meet newer items), then everything again (every item found).
    for (const e of [...shuffled(stream), ...stream]) await writer.apply(recordChangesFor(e), first);
    expect(await tableContents(table, customerIds)).toEqual(inOrder);
    expect(stream.some((e) => e.detailType === 'CustomerProfileUpdated' || e.detailType === 'BalanceSnapshot')).toBe(true);
  });

  it('cost one write unit per new item, and a stale change written after a newer one loses', async () => {
    const table = await createCustomerTable();
    const cost: WriteCost = { writeUnits: 0 };
    const writer = new CustomerRecordsWriter(client, table, cost);
    const customerId = 'NIF-1';
    const onboarded = (version: number, fullName: string): CoreBankingEvent =>
      ({
        detailType: version === 1 ? 'CustomerOnboarded' : 'CustomerProfileUpdated',
        detail: { ...exampleDetails.CustomerOnboarded, eventId: `nif-${version}`, customerId, profile: { ...(exampleDetails.CustomerOnboarded.profile as object), fullName, version } },
      }) as CoreBankingEvent;
    const first = new NewItemsFirst();
    expect(await writer.apply(recordChangesFor(onboarded(2, 'Newer Name')), first)).toEqual(['applied']);
    expect(cost.writeUnits).toBe(1);
    expect(await writer.apply(recordChangesFor(onboarded(1, 'Older Name')), first)).toEqual(['unchanged']);
    const [profile] = (await tableContents(table, [customerId])).filter((i) => i.SK === PROFILE_SK);
    expect(profile).toMatchObject({ fullName: 'Newer Name', version: 2 });
  });

  it('never write personal attributes over an erasure tombstone', async () => {
    const table = await createCustomerTable();
    const customerId = 'NIF-ERASED';
    const tombstone = { PK: customerPk(customerId), SK: PROFILE_SK, type: 'PROFILE', customerId, erasedAt: '2026-11-01T00:00:00Z', erasureRequestId: 'r-1', retentionYears: 7 };
    await client.send(new PutItemCommand({ TableName: table, Item: marshall(tombstone) }));
    const writer = new CustomerRecordsWriter(client, table);
    const event = { detailType: 'CustomerOnboarded', detail: { ...exampleDetails.CustomerOnboarded, customerId } } as CoreBankingEvent;
    await writer.apply(recordChangesFor(event), new NewItemsFirst());
    const [profile] = (await tableContents(table, [customerId])).filter((i) => i.SK === PROFILE_SK);
    expect(profile).toMatchObject({ erasedAt: tombstone.erasedAt });
    for (const personal of ['fullName', 'email', 'phone', 'dateOfBirth']) expect(profile).not.toHaveProperty(personal);
  });
});

describe('NewItemsFirst', () => {
  it('tries every change while items are new, one in 16 once most are found, and again when they are new', () => {
    const first = new NewItemsFirst();
    const tries = (n: number, found: boolean) => {
      let tried = 0;
      for (let i = 0; i < n; i++)
        if (first.shouldTry()) {
          tried += 1;
          first.record(found);
        }
      return tried;
    };
    expect(tries(1000, false)).toBe(1000);
    tries(2000, true); // a rerun: the items are there
    const rerun = tries(1600, true);
    expect(rerun).toBeGreaterThanOrEqual(90);
    expect(rerun).toBeLessThanOrEqual(110);
    // New items again (the rest of a resumed range): the sampled tries find none, and it turns back on.
    tries(20_000, false);
    expect(tries(1000, false)).toBe(1000);
  });
});
