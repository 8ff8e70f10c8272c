// Reads customer records back as record-changes.ts writes them (shared/domain/record-keys.ts for the
// layout). Everything about one customer is one partition: the 360 is one GetItem and one Query run
// in parallel, a timeline page one or a few reverse Queries.
import { GetItemCommand, QueryCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { ACCOUNT_PREFIX, customerPk, PROFILE_SK } from '../domain/record-keys';
import type { StoredAccount, StoredProfile, StoredTimelineEntry } from './customer-record-items';

export type CustomerRecords = { profile?: StoredProfile; accounts: StoredAccount[] };

export type TimelineRead = {
  /** Sort-key range, inclusive, from record-keys' timeRange. */
  range: { start: string; end: string };
  channel?: string;
  pageSize: number;
  /** Sort key the previous page stopped at; reading resumes after it. */
  startAfter?: string;
  /** Most items read (before the channel filter) for one page: a sparse channel cannot cost a full scan. */
  readBudget: number;
};

export type TimelineSlice = {
  entries: StoredTimelineEntry[];
  /** Sort key to resume after, or undefined when the range holds nothing more. */
  resumeAfter?: string;
  itemsRead: number;
};

export class CustomerRecordsReader {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
  ) {}

  async customerRecords(customerId: string): Promise<CustomerRecords> {
    const pk = customerPk(customerId);
    const [profile, accounts] = await Promise.all([
      this.client.send(new GetItemCommand({ TableName: this.tableName, Key: { PK: { S: pk }, SK: { S: PROFILE_SK } } })),
      this.queryAll(pk, ACCOUNT_PREFIX),
    ]);
    return {
      ...(profile.Item ? { profile: unmarshall(profile.Item) as StoredProfile } : {}),
      accounts: accounts as StoredAccount[],
    };
  }

  /** Newest first. With a channel, reads and filters until the page is full or the read budget is spent. */
  async timeline(customerId: string, read: TimelineRead): Promise<TimelineSlice> {
    const pk = customerPk(customerId);
    const entries: StoredTimelineEntry[] = [];
    let itemsRead = 0;
    let startKey: Record<string, { S: string }> | undefined = read.startAfter ? { PK: { S: pk }, SK: { S: read.startAfter } } : undefined;
    let exhausted = false;

    while (entries.length < read.pageSize && itemsRead < read.readBudget) {
      const wanted = read.pageSize - entries.length;
      // Without a filter every item read is an entry: ask for exactly what is missing. With one, read
      // ahead up to the budget in one request; extra matches are cut off below.
      const limit = read.channel ? read.readBudget - itemsRead : wanted;
      const out = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'PK = :pk AND SK BETWEEN :start AND :end',
          ExpressionAttributeValues: {
            ':pk': { S: pk },
            ':start': { S: read.range.start },
            ':end': { S: read.range.end },
            ...(read.channel ? { ':channel': { S: read.channel } } : {}),
          },
          ...(read.channel ? { FilterExpression: 'channel = :channel' } : {}),
          ScanIndexForward: false,
          Limit: limit,
          ExclusiveStartKey: startKey,
        }),
      );
      itemsRead += out.ScannedCount ?? out.Items?.length ?? 0;
      entries.push(...(out.Items ?? []).map((item) => unmarshall(item) as StoredTimelineEntry));
      startKey = out.LastEvaluatedKey as typeof startKey;
      if (!startKey) {
        exhausted = true;
        break;
      }
    }

    if (entries.length > read.pageSize) {
      const page = entries.slice(0, read.pageSize);
      return { entries: page, resumeAfter: page.at(-1)!.SK, itemsRead };
    }
    return { entries, ...(exhausted ? {} : { resumeAfter: startKey?.SK?.S }), itemsRead };
  }

  private async queryAll(pk: string, prefix: string): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = [];
    let startKey: QueryCommand['input']['ExclusiveStartKey'];
    do {
      const out = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
          ExpressionAttributeValues: { ':pk': { S: pk }, ':prefix': { S: prefix } },
          ExclusiveStartKey: startKey,
        }),
      );
      items.push(...(out.Items ?? []).map((item) => unmarshall(item)));
      startKey = out.LastEvaluatedKey;
    } while (startKey);
    return items;
  }
}
