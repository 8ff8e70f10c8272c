// Entries waiting for their account (PK=PARKED#<accountId>, SK=ENTRY#<eventId>), and the sparse
// age index over them. Parking is insert-once: a redelivered file parks nothing new and keeps the
// first parkedAt, so an entry's age counts from when it first waited.
import {
  BatchWriteItemCommand,
  ConditionalCheckFailedException,
  PutItemCommand,
  QueryCommand,
  type DynamoDBClient,
  type QueryCommandInput,
  type WriteRequest,
} from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import {
  PARKED_INDEX,
  PARKED_INDEX_PK,
  PARKED_INDEX_SK,
  parkedPk,
  parkedShard,
  parkedShards,
  parkedSk,
} from '../domain/account-keys';
import type { AccountScopedEvent } from '../domain/account-scoped-event';

/** BatchWriteItem takes at most 25 requests. */
const MAX_WRITES_PER_BATCH = 25;
/** Conditional puts in flight at once. */
const PARK_CONCURRENCY = 8;

export type ParkedEntryRef = { accountId: string; eventId: string };

/** What the overdue report shows of a parked entry: no detail, so no personal data. */
export type ParkedEntrySummary = ParkedEntryRef & { producer: string; reference: string; parkedAt: string };

export type ParkedEntry = ParkedEntrySummary & { event: AccountScopedEvent };

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function inPool<T>(items: T[], concurrency: number, work: (item: T) => Promise<void>) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}

export class ParkedEntries {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
    private readonly maxAttempts = 8,
  ) {}

  /** Parks each entry unless it is parked already. Returns how many were newly parked. */
  async park(events: AccountScopedEvent[], parkedAt: Date): Promise<number> {
    let parked = 0;
    const at = parkedAt.toISOString();
    await inPool(events, PARK_CONCURRENCY, async (event) => {
      const { accountId, eventId } = event.detail;
      try {
        await this.client.send(
          new PutItemCommand({
            TableName: this.tableName,
            Item: marshall({
              PK: parkedPk(accountId),
              SK: parkedSk(eventId),
              type: 'PARKED_ENTRY',
              accountId,
              eventId,
              detailType: event.detailType,
              // The detail as the producer mapped it; it may hold personal data (counterparty names),
              // as the timeline entry it becomes does. The index does not project it.
              detail: JSON.stringify(event.detail),
              producer: event.origin.producer,
              reference: event.origin.reference,
              [PARKED_INDEX_PK]: parkedShard(accountId, eventId),
              [PARKED_INDEX_SK]: at,
            }),
            ConditionExpression: 'attribute_not_exists(PK)',
          }),
        );
        parked += 1;
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      }
    });
    return parked;
  }

  /** Every entry parked for the account, read strongly consistent. */
  async forAccount(accountId: string): Promise<ParkedEntry[]> {
    const items = await this.queryAll({
      TableName: this.tableName,
      KeyConditionExpression: 'PK = :pk',
      ExpressionAttributeValues: marshall({ ':pk': parkedPk(accountId) }),
      ConsistentRead: true,
    });
    return items.map((item) => ({
      accountId: item.accountId,
      eventId: item.eventId,
      producer: item.producer,
      reference: item.reference,
      parkedAt: item[PARKED_INDEX_SK],
      event: {
        detailType: item.detailType,
        detail: JSON.parse(item.detail),
        origin: { producer: item.producer, reference: item.reference },
      } as AccountScopedEvent,
    }));
  }

  /** Removes the entries (absent ones are no error: removal is idempotent). */
  async remove(entries: ParkedEntryRef[]): Promise<void> {
    const unique = [...new Map(entries.map((e) => [`${e.accountId}#${e.eventId}`, e])).values()];
    for (let i = 0; i < unique.length; i += MAX_WRITES_PER_BATCH) {
      let requests: WriteRequest[] = unique.slice(i, i + MAX_WRITES_PER_BATCH).map((e) => ({
        DeleteRequest: { Key: marshall({ PK: parkedPk(e.accountId), SK: parkedSk(e.eventId) }) },
      }));
      for (let attempt = 1; requests.length > 0; attempt++) {
        const out = await this.client.send(new BatchWriteItemCommand({ RequestItems: { [this.tableName]: requests } }));
        requests = out.UnprocessedItems?.[this.tableName] ?? [];
        if (requests.length === 0) break;
        if (attempt >= this.maxAttempts) throw new Error(`BatchWriteItem left ${requests.length} parked entries undeleted after ${attempt} attempts`);
        await sleep(Math.random() * 50 * 2 ** (attempt - 1));
      }
    }
  }

  /** The oldest entries parked before `cutoff`, across every account: one Query per index shard. */
  async parkedBefore(cutoff: Date, limit: number): Promise<ParkedEntrySummary[]> {
    const perShard = await Promise.all(
      parkedShards().map((shard) => this.queryAll(this.overdueQuery(shard, cutoff, limit), limit)),
    );
    return perShard
      .flat()
      .map((item) => ({
        accountId: item.accountId,
        eventId: item.eventId,
        producer: item.producer,
        reference: item.reference,
        parkedAt: item[PARKED_INDEX_SK],
      }))
      .sort((a, b) => a.parkedAt.localeCompare(b.parkedAt) || a.accountId.localeCompare(b.accountId) || a.eventId.localeCompare(b.eventId))
      .slice(0, limit);
  }

  /** How many entries were parked before `cutoff`: a counting Query per shard (reads the index keys only). */
  async countParkedBefore(cutoff: Date): Promise<number> {
    const counts = await Promise.all(
      parkedShards().map(async (shard) => {
        let count = 0;
        let start: QueryCommandInput['ExclusiveStartKey'];
        do {
          const out = await this.client.send(new QueryCommand({ ...this.overdueQuery(shard, cutoff), Select: 'COUNT', ExclusiveStartKey: start }));
          count += out.Count ?? 0;
          start = out.LastEvaluatedKey;
        } while (start);
        return count;
      }),
    );
    return counts.reduce((a, b) => a + b, 0);
  }

  private overdueQuery(shard: string, cutoff: Date, limit?: number): QueryCommandInput {
    return {
      TableName: this.tableName,
      IndexName: PARKED_INDEX,
      KeyConditionExpression: '#shard = :shard AND #at < :cutoff',
      ExpressionAttributeNames: { '#shard': PARKED_INDEX_PK, '#at': PARKED_INDEX_SK },
      ExpressionAttributeValues: marshall({ ':shard': shard, ':cutoff': cutoff.toISOString() }),
      ScanIndexForward: true,
      ...(limit ? { Limit: limit } : {}),
    };
  }

  private async queryAll(input: QueryCommandInput, limit = Infinity): Promise<Record<string, any>[]> {
    const items: Record<string, any>[] = [];
    let start: QueryCommandInput['ExclusiveStartKey'];
    do {
      const out = await this.client.send(new QueryCommand({ ...input, ExclusiveStartKey: start }));
      items.push(...(out.Items ?? []).map((i) => unmarshall(i)));
      start = out.LastEvaluatedKey;
    } while (start && items.length < limit);
    return items.slice(0, limit);
  }
}
