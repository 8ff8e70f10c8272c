// The complaints table through DynamoDB (see complaint-table-keys.ts for the layout and why). Every
// change is a transaction: the complaint Put on the condition of the version it was read at, and the
// history item of the new version, and the change to the analytics counters of the complaint's day
// (figuresUpdate): counted once per accepted change, since the transaction stands or falls with the
// complaint's condition. A lost race is a `conflict`, never an exception.
import {
  type AttributeValue,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  ExecuteStatementCommand,
  QueryCommand,
  TransactionCanceledException,
  TransactWriteItemsCommand,
  type QueryCommandInput,
  type TransactWriteItem,
} from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { Complaint, ComplaintStatus } from '../domain/complaints/complaint';
import { figuresOf } from '../domain/complaints/complaint-figures';
import type { ComplaintRecord, StoredHistoryEntry } from './complaint-records';
import {
  COMPLAINT_SK,
  complaintPk,
  customerKey,
  figuresKey,
  HISTORY_PREFIX,
  historySk,
  IDEMPOTENCY_SK,
  idempotencyPk,
  indexAttributes,
  INDEXES,
  queueStatusKey,
} from './complaint-table-keys';

export interface IdempotencyRecord {
  readonly requestDigest: string;
  readonly complaintId: string;
  readonly createdAt: string;
}

/** A complaint's id and receipt time, as the byCustomer index keys it (`<receivedAt>#<id>`). */
export interface ComplaintReceipt {
  readonly complaintId: string;
  readonly receivedAt: string;
}

const receiptOf = (receivedKey: string): ComplaintReceipt => {
  const at = receivedKey.indexOf('#');
  return { receivedAt: receivedKey.slice(0, at), complaintId: receivedKey.slice(at + 1) };
};

export type CreateResult = { readonly outcome: 'created' } | { readonly outcome: 'duplicate'; readonly existing: IdempotencyRecord };
export type SaveResult = 'saved' | 'conflict';

export interface Page<T> {
  readonly items: T[];
  /** Sort key to resume after; undefined when there is nothing more. */
  readonly resumeAfter?: string;
}

/** Idempotency keys are kept a day: long enough for any client's retries, short enough to stay small. */
export const IDEMPOTENCY_TTL_SECONDS = 24 * 3600;

export const M = (value: object) => marshall(value, { removeUndefinedValues: true, convertClassInstanceToMap: true });

const complaintItem = (record: ComplaintRecord) => ({
  PK: complaintPk(record.complaint.id),
  SK: COMPLAINT_SK,
  type: 'COMPLAINT',
  ...indexAttributes(record.complaint),
  version: record.complaint.version,
  complaint: record.complaint,
  intake: record.intake,
  ...(record.routingReasons ? { routingReasons: record.routingReasons } : {}),
  ...(record.classificationConfidence !== undefined ? { classificationConfidence: record.classificationConfidence } : {}),
  ...(record.routed ? { routed: record.routed } : {}),
});

/** A complaint item (as read, or as the table's stream carries its new image) → the record. */
export const fromItem = (item: Record<string, AttributeValue>): ComplaintRecord => {
  const o = unmarshall(item);
  return {
    complaint: { escalatedDeadlines: [], ...o.complaint },
    intake: o.intake,
    ...(o.routingReasons ? { routingReasons: o.routingReasons } : {}),
    ...(o.classificationConfidence !== undefined ? { classificationConfidence: o.classificationConfidence } : {}),
    ...(o.routed ? { routed: o.routed } : {}),
  };
};

const historyItem = (entry: StoredHistoryEntry) => ({
  PK: complaintPk(entry.complaintId),
  SK: historySk(entry.version),
  type: 'HISTORY',
  entry,
});

/** ADD to the counters of the complaint's day what `after` counts for and `before` no longer does; none if nothing changes. */
const figuresUpdate = (tableName: string, after: Complaint, before?: Complaint): TransactWriteItem[] => {
  const delta: Record<string, number> = {};
  for (const k of figuresOf(after)) delta[k] = (delta[k] ?? 0) + 1;
  for (const k of before ? figuresOf(before) : []) delta[k] = (delta[k] ?? 0) - 1;
  const changed = Object.keys(delta).filter((k) => delta[k]);
  if (!changed.length) return [];
  return [
    {
      Update: {
        TableName: tableName,
        Key: M(figuresKey(after)),
        UpdateExpression: `ADD ${changed.map((_, i) => `#f${i} :f${i}`).join(', ')}`,
        ExpressionAttributeNames: Object.fromEntries(changed.map((k, i) => [`#f${i}`, k])),
        ExpressionAttributeValues: Object.fromEntries(changed.map((k, i) => [`:f${i}`, { N: String(delta[k]) }])),
      },
    },
  ];
};

const cancelledOnCondition = (error: unknown): error is TransactionCanceledException =>
  error instanceof TransactionCanceledException ||
  (error as { name?: string })?.name === 'TransactionCanceledException';

export class ComplaintStore {
  constructor(
    readonly client: DynamoDBClient,
    readonly tableName: string,
  ) {}

  /** Stores a new complaint with its receipt, and its Idempotency-Key when it has one, all or nothing. */
  async create(record: ComplaintRecord, receipt: StoredHistoryEntry, idempotency?: { callerScope: string; key: string; requestDigest: string }): Promise<CreateResult> {
    const items: TransactWriteItem[] = [
      { Put: { TableName: this.tableName, Item: M(complaintItem(record)), ConditionExpression: 'attribute_not_exists(PK)' } },
      { Put: { TableName: this.tableName, Item: M(historyItem(receipt)), ConditionExpression: 'attribute_not_exists(PK)' } },
    ];
    items.push(...figuresUpdate(this.tableName, record.complaint));
    const at = record.complaint.receivedAt;
    if (idempotency) {
      items.unshift({
        Put: {
          TableName: this.tableName,
          Item: M({
            PK: idempotencyPk(idempotency.callerScope, idempotency.key),
            SK: IDEMPOTENCY_SK,
            type: 'IDEMPOTENCY',
            requestDigest: idempotency.requestDigest,
            complaintId: record.complaint.id,
            createdAt: at,
            expiresAt: Math.floor(Date.parse(at) / 1000) + IDEMPOTENCY_TTL_SECONDS,
          }),
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      });
    }
    try {
      await this.transact(items);
      return { outcome: 'created' };
    } catch (error) {
      if (idempotency && cancelledOnCondition(error) && error.CancellationReasons?.[0]?.Code === 'ConditionalCheckFailed') {
        const existing = await this.idempotencyRecord(idempotency.callerScope, idempotency.key);
        if (existing) return { outcome: 'duplicate', existing };
      }
      throw error;
    }
  }

  /**
   * The transaction, again (up to 3 times, after a short random pause) when it was cancelled only because
   * another complaint's transaction held the same figures item at that moment (the last item, an Update).
   */
  private async transact(items: TransactWriteItem[]): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.client.send(new TransactWriteItemsCommand({ TransactItems: items }));
        return;
      } catch (error) {
        const reasons = cancelledOnCondition(error) ? (error.CancellationReasons ?? []) : [];
        if (attempt > 3 || !items.at(-1)?.Update || reasons.at(-1)?.Code !== 'TransactionConflict' || reasons.slice(0, -1).some((r) => r.Code && r.Code !== 'None')) throw error;
        await new Promise((resolve) => setTimeout(resolve, attempt * 20 * Math.random()));
      }
    }
  }

  async idempotencyRecord(callerScope: string, key: string): Promise<IdempotencyRecord | undefined> {
    const out = await this.client.send(
      new GetItemCommand({ TableName: this.tableName, Key: M({ PK: idempotencyPk(callerScope, key), SK: IDEMPOTENCY_SK }), ConsistentRead: true }),
    );
    if (!out.Item) return undefined;
    const o = unmarshall(out.Item);
    return { requestDigest: o.requestDigest, complaintId: o.complaintId, createdAt: o.createdAt };
  }

  async get(complaintId: string): Promise<ComplaintRecord | undefined> {
    const out = await this.client.send(
      new GetItemCommand({ TableName: this.tableName, Key: M({ PK: complaintPk(complaintId), SK: COMPLAINT_SK }), ConsistentRead: true }),
    );
    return out.Item ? fromItem(out.Item) : undefined;
  }

  /**
   * Replaces the complaint if it is still as `previous` was read (its version), appends the history
   * entries and moves the day's figures from what `previous` counted for to what the record does.
   */
  async save(record: ComplaintRecord, previous: Complaint, entries: readonly StoredHistoryEntry[]): Promise<SaveResult> {
    try {
      await this.transact([
        {
          Put: {
            TableName: this.tableName,
            Item: M(complaintItem(record)),
            ConditionExpression: 'version = :expected',
            ExpressionAttributeValues: { ':expected': { N: String(previous.version) } },
          },
        },
        ...entries.map((entry) => ({
          Put: { TableName: this.tableName, Item: M(historyItem(entry)), ConditionExpression: 'attribute_not_exists(PK)' },
        })),
        ...figuresUpdate(this.tableName, record.complaint, previous),
      ]);
      return 'saved';
    } catch (error) {
      if (cancelledOnCondition(error)) return 'conflict';
      throw error;
    }
  }

  /**
   * Rewrites a complaint and its history in place, the version unchanged: an erasure pseudonymises what
   * was said, it is not a change of the complaint. Conditional on the version it was read at, so a
   * handler's change in between makes it a conflict (read again and retry), never a lost update.
   */
  async rewrite(record: ComplaintRecord, entries: readonly StoredHistoryEntry[]): Promise<SaveResult> {
    try {
      await this.client.send(
        new PutItemCommand({
          TableName: this.tableName,
          Item: M(complaintItem(record)),
          ConditionExpression: 'version = :expected',
          ExpressionAttributeValues: { ':expected': { N: String(record.complaint.version) } },
        }),
      );
    } catch (error) {
      if ((error as { name?: string })?.name === 'ConditionalCheckFailedException') return 'conflict';
      throw error;
    }
    // History items are never rewritten by anything else: plain Puts.
    for (const entry of entries) await this.client.send(new PutItemCommand({ TableName: this.tableName, Item: M(historyItem(entry)) }));
    return 'saved';
  }

  /** Every complaint of a customer, oldest first (erasure and export). */
  async allOfCustomer(customerId: string): Promise<ComplaintRecord[]> {
    const { pk, name } = INDEXES.byCustomer;
    const records: ComplaintRecord[] = [];
    for await (const item of this.queryAll({ IndexName: name, KeyConditionExpression: `${pk} = :pk`, ExpressionAttributeValues: M({ ':pk': customerKey(customerId) }) })) {
      records.push(fromItem(item));
    }
    return records;
  }

  /** Every item a Query matches, page after page. */
  protected async *queryAll(input: Omit<QueryCommandInput, 'TableName' | 'ExclusiveStartKey'>): AsyncGenerator<Record<string, AttributeValue>> {
    let start: Record<string, AttributeValue> | undefined;
    do {
      const out = await this.client.send(new QueryCommand({ ...input, TableName: this.tableName, ExclusiveStartKey: start }));
      yield* out.Items ?? [];
      start = out.LastEvaluatedKey;
    } while (start);
  }

  async history(complaintId: string): Promise<StoredHistoryEntry[]> {
    const entries: StoredHistoryEntry[] = [];
    for await (const item of this.queryAll({
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :h)',
      ExpressionAttributeValues: M({ ':pk': complaintPk(complaintId), ':h': HISTORY_PREFIX }),
      ConsistentRead: true,
    })) {
      entries.push(unmarshall(item).entry as StoredHistoryEntry);
    }
    return entries;
  }

  /** A customer's complaints, newest first. */
  async byCustomer(customerId: string, options: { limit: number; startAfter?: string; since?: string }): Promise<Page<ComplaintRecord>> {
    const { pk, sk, name } = INDEXES.byCustomer;
    const values: Record<string, string> = { ':pk': customerKey(customerId) };
    let condition = `${pk} = :pk`;
    if (options.startAfter && options.since) {
      condition += ` AND ${sk} BETWEEN :since AND :before`;
      Object.assign(values, { ':since': options.since, ':before': options.startAfter });
    } else if (options.startAfter) {
      condition += ` AND ${sk} < :before`;
      values[':before'] = options.startAfter;
    } else if (options.since) {
      condition += ` AND ${sk} >= :since`;
      values[':since'] = options.since;
    }
    const out = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: name,
        KeyConditionExpression: condition,
        ExpressionAttributeValues: M(values),
        ScanIndexForward: false,
        Limit: options.limit + 1,
      }),
    );
    const keyOf = (r: ComplaintRecord) => `${r.complaint.receivedAt}#${r.complaint.id}`;
    // BETWEEN includes its upper bound: the item the previous page ended on is not read twice.
    const rows = (out.Items ?? []).map(fromItem).filter((r) => keyOf(r) !== options.startAfter);
    return this.page(rows, options.limit, keyOf);
  }

  /**
   * The complaints of these customers received at or after `since`, per customer, in no order: their ids
   * and receipt times only (the byCustomer index key), what the router's repeat-complaint rule counts.
   * One PartiQL statement over the customers' index partitions (IN on the partition key: a query of each
   * partition, never a scan; at most 50 customers, DynamoDB's limit; the router's batches are of 10),
   * answered in pages of up to 10 items. No complaint text is read.
   */
  async receivedSince(customerIds: readonly string[], since: string): Promise<Map<string, ComplaintReceipt[]>> {
    const { pk, sk, name } = INDEXES.byCustomer;
    const ids = [...new Set(customerIds)];
    const receipts = new Map(ids.map((id) => [customerKey(id), [] as ComplaintReceipt[]]));
    let next: string | undefined;
    do {
      const out = await this.client.send(
        new ExecuteStatementCommand({
          Statement: `SELECT ${pk}, ${sk} FROM "${this.tableName}"."${name}" WHERE ${pk} IN [${ids.map(() => '?')}] AND ${sk} >= ?`,
          Parameters: [...ids.map((id) => ({ S: customerKey(id) })), { S: since }],
          NextToken: next,
        }),
      );
      for (const item of out.Items ?? []) receipts.get(item[pk]!.S!)!.push(receiptOf(item[sk]!.S!));
      next = out.NextToken;
    } while (next);
    return new Map(ids.map((id) => [id, receipts.get(customerKey(id))!]));
  }

  /**
   * A queue's complaints in the given statuses, most urgent first: one Query per status partition, merged
   * on the due key, which is unique and totally ordered, so one key resumes every partition at once.
   */
  async byQueue(queue: string, statuses: readonly ComplaintStatus[], options: { limit: number; startAfter?: string }): Promise<Page<ComplaintRecord>> {
    const { pk, sk, name } = INDEXES.byQueue;
    const parts = await Promise.all(
      statuses.map(async (status) => {
        const out = await this.client.send(
          new QueryCommand({
            TableName: this.tableName,
            IndexName: name,
            KeyConditionExpression: `${pk} = :pk${options.startAfter ? ` AND ${sk} > :after` : ''}`,
            ExpressionAttributeValues: M({ ':pk': queueStatusKey(queue, status), ...(options.startAfter ? { ':after': options.startAfter } : {}) }),
            Limit: options.limit + 1,
          }),
        );
        return (out.Items ?? []).map((item) => ({ record: fromItem(item), key: unmarshall(item)[sk] as string }));
      }),
    );
    const merged = parts.flat().sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    const items = merged.slice(0, options.limit);
    return {
      items: items.map((m) => m.record),
      ...(merged.length > options.limit ? { resumeAfter: items[items.length - 1]!.key } : {}),
    };
  }

  private page<T>(rows: T[], limit: number, keyOf: (row: T) => string): Page<T> {
    const items = rows.slice(0, limit);
    return { items, ...(rows.length > limit ? { resumeAfter: keyOf(items[items.length - 1]!) } : {}) };
  }
}
