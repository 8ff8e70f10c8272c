// AccountDirectory and ParkedEntries on DynamoDB Local: owners read in BatchGetItem chunks of 100
// with unprocessed keys read again, and entries parked longer than a given time listed from the
// sparse age index across every account, oldest first.
import { BatchGetItemCommand, DynamoDBClient, type BatchGetItemCommandInput } from '@aws-sdk/client-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { AccountDirectory } from '../../../shared/accounts/adapters/account-directory';
import { ParkedEntries } from '../../../shared/accounts/adapters/parked-entries';
import { accountOwnerChange, parkedShard } from '../../../shared/accounts/domain/account-keys';
import { CustomerRecordsWriter } from '../../../shared/adapters/customer-records-writer';
import { createCustomerTable, dynamoDb } from '../../support/local-aws';
import { posting } from './accounts-harness';

let client: DynamoDBClient;
let tableName: string;

beforeAll(async () => {
  client = dynamoDb();
  tableName = await createCustomerTable(client);
  const writer = new CustomerRecordsWriter(client, tableName);
  await writer.apply(Array.from({ length: 250 }, (_, i) => accountOwnerChange({ accountId: `A-${i}`, customerId: `C-${i}`, eventId: `open-${i}` })));
});

/** DynamoDB Local, except that each BatchGetItem reads only its first `take` keys and returns the rest as unprocessed, as DynamoDB may. */
function throttlingClient(take: number) {
  const requests: number[] = [];
  const send = async (command: unknown) => {
    if (!(command instanceof BatchGetItemCommand)) return client.send(command as never);
    const input = command.input as BatchGetItemCommandInput;
    const [table, request] = Object.entries(input.RequestItems!)[0]!;
    const keys = request.Keys!;
    requests.push(keys.length);
    if (take === 0) return { Responses: { [table]: [] }, UnprocessedKeys: { [table]: request } };
    const out = await client.send(new BatchGetItemCommand({ RequestItems: { [table]: { ...request, Keys: keys.slice(0, take) } } }));
    const rest = keys.slice(take);
    return { ...out, UnprocessedKeys: rest.length ? { [table]: { ...request, Keys: rest } } : {} };
  };
  return { client: { send } as unknown as DynamoDBClient, requests };
}

describe('AccountDirectory', () => {
  it('reads many owners in chunks of at most 100 keys, and leaves unknown accounts out', async () => {
    const { client: counting, requests } = throttlingClient(100);
    const ids = [...Array.from({ length: 250 }, (_, i) => `A-${i}`), 'A-UNKNOWN', 'A-0'];
    const owners = await new AccountDirectory(counting, tableName).ownersOf(ids);
    expect(owners.size).toBe(250);
    expect(owners.get('A-137')).toBe('C-137');
    expect(owners.has('A-UNKNOWN')).toBe(false);
    expect(requests.sort((a, b) => a - b)).toEqual([51, 100, 100]);
  });

  it('reads unprocessed keys again until every key is read', async () => {
    const { client: throttled, requests } = throttlingClient(30);
    const owners = await new AccountDirectory(throttled, tableName, { baseDelayMs: 1 }).ownersOf(Array.from({ length: 100 }, (_, i) => `A-${i}`));
    expect(owners.size).toBe(100);
    expect(requests).toEqual([100, 70, 40, 10]);
  });

  it('gives up with a count, not the keys, when keys stay unprocessed', async () => {
    const { client: stuck } = throttlingClient(0);
    await expect(new AccountDirectory(stuck, tableName, { maxAttempts: 3, baseDelayMs: 1 }).ownersOf(['A-1', 'A-2'])).rejects.toThrow(
      'BatchGetItem left 2 owner keys unprocessed after 3 attempts',
    );
  });

  it('knows one owner, or none', async () => {
    const directory = new AccountDirectory(client, tableName);
    expect(await directory.ownerOf('A-7')).toBe('C-7');
    expect(await directory.ownerOf('A-NONE')).toBeUndefined();
  });
});

describe('ParkedEntries across accounts', () => {
  it('lists the entries parked before a time, oldest first, from every shard, and counts them', async () => {
    const parked = new ParkedEntries(client, tableName);
    const accounts = Array.from({ length: 20 }, (_, i) => `P-${i}`);
    // Entries of 20 accounts spread over the index shards.
    expect(new Set(accounts.map((a) => parkedShard(a, `iso-${a}-1`))).size).toBeGreaterThan(4);
    for (const [i, a] of accounts.entries()) {
      await parked.park([posting(a, 1)], new Date(Date.UTC(2026, 10, 1, i)));
    }
    const cutoff = new Date(Date.UTC(2026, 10, 1, 10)); // the first ten (hours 0..9)
    const overdue = await parked.parkedBefore(cutoff, 100);
    expect(overdue.map((o) => o.accountId)).toEqual(accounts.slice(0, 10));
    expect(overdue[0]).toEqual({
      accountId: 'P-0',
      eventId: 'iso-P-0-1',
      producer: 'iso20022',
      reference: expect.stringMatching(/^camt053\/file-\d+\.xml#entry-1$/),
      parkedAt: '2026-11-01T00:00:00.000Z',
    });
    expect(await parked.countParkedBefore(cutoff)).toBe(10);
    expect((await parked.parkedBefore(cutoff, 3)).map((o) => o.accountId)).toEqual(['P-0', 'P-1', 'P-2']);

    await parked.remove([{ accountId: 'P-0', eventId: 'iso-P-0-1' }, { accountId: 'P-0', eventId: 'iso-P-0-1' }, { accountId: 'P-X', eventId: 'none' }]);
    expect(await parked.countParkedBefore(cutoff)).toBe(9);
  });
});
