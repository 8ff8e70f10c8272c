// The access-record table through the two doors it has: the recorder (PutItem, each entry its own item,
// on the condition that it is new) for API functions, and the reader (Query, newest first) for the
// access-record API. Neither has, nor needs, a way to change or delete an entry.
import { PutItemCommand, QueryCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import {
  accessItem,
  accessPk,
  positionKey,
  positionText,
  STAFF_INDEX,
  STAFF_INDEX_PK,
  type AccessEntry,
  type StoredAccessEntry,
} from '../data-protection/access-record';

export type AccessRecorder = { record(entries: readonly AccessEntry[]): Promise<void> };

export class AccessRecordWriter implements AccessRecorder {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
    private readonly retentionDays: number,
  ) {}

  /** One PutItem per entry, all at once: a request about one customer costs one write. Throws if any fails. */
  async record(entries: readonly AccessEntry[]): Promise<void> {
    await Promise.all(
      entries.map((entry) =>
        this.client.send(
          new PutItemCommand({
            TableName: this.tableName,
            Item: marshall(accessItem(entry, this.retentionDays), { removeUndefinedValues: true }),
            ConditionExpression: 'attribute_not_exists(PK)',
          }),
        ),
      ),
    );
  }
}

export type AccessPage = { entries: StoredAccessEntry[]; resumeAfter?: string };
export type AccessQuery = { limit: number; startAfter?: string };

export class AccessRecordReader {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
  ) {}

  /** A customer's entries, newest first; `staffOnly` leaves out the customer's own reads. */
  byCustomer(customerId: string, q: AccessQuery & { staffOnly?: boolean }): Promise<AccessPage> {
    return this.page(
      {
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: marshall({ ':pk': accessPk(customerId), ...(q.staffOnly ? { ':customer': 'customer' } : {}) }),
        ...(q.staffOnly ? { FilterExpression: '#role <> :customer', ExpressionAttributeNames: { '#role': 'role' } } : {}),
      },
      q,
    );
  }

  /** One member of staff's entries across customers, newest first. */
  byStaff(staffRef: string, q: AccessQuery): Promise<AccessPage> {
    return this.page(
      { IndexName: STAFF_INDEX, KeyConditionExpression: `${STAFF_INDEX_PK} = :ref`, ExpressionAttributeValues: marshall({ ':ref': staffRef }) },
      q,
      staffRef,
    );
  }

  private async page(input: Record<string, unknown>, q: AccessQuery, staffRef?: string): Promise<AccessPage> {
    const start = q.startAfter ? positionKey(q.startAfter) : undefined;
    const out = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        ...input,
        ScanIndexForward: false,
        Limit: q.limit,
        ...(start ? { ExclusiveStartKey: marshall({ ...start, ...(staffRef ? { [STAFF_INDEX_PK]: staffRef } : {}) }) } : {}),
      }),
    );
    const entries = (out.Items ?? []).map((i) => unmarshall(i) as StoredAccessEntry);
    const last = out.LastEvaluatedKey ? (unmarshall(out.LastEvaluatedKey) as { PK: string; SK: string }) : undefined;
    return { entries, ...(last ? { resumeAfter: positionText(last) } : {}) };
  }
}
