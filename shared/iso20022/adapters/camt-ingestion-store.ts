// The processing record of each camt file (and of each single message that had something rejected),
// its rejected entries, and the listing of files, in the CAMT_INGESTION_TABLE:
//   PK FILE#<fileId>  SK RECORD          source, status, message, run, counts per part of the run
//   PK FILE#<fileId>  SK REJ#<ordinal>   position, reason (field names only), run
//   PK FILES          SK <receivedAt>#<fileId>
// Counts are stored per part (one invocation's share of a run), each part written whole, so a part that
// is retried overwrites its own counts instead of adding to them.
import {
  BatchGetItemCommand,
  DeleteItemCommand,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  UpdateItemCommand,
  type AttributeValue,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';

export type CamtSource = { kind: 'S3'; bucket: string; key: string; versionId?: string; size?: number } | { kind: 'MESSAGE'; messageId: string; body: string };

export type PartCounts = { items: number; published: number; parked: number; rejected: number; skipped: number };

export type FileStatus = 'RECEIVED' | 'PROCESSING' | 'DONE' | 'REJECTED';

export type CamtFileRecord = {
  fileId: string;
  source: CamtSource;
  receivedAt: string;
  status: FileStatus;
  run: number;
  message?: { name: string; version: number };
  reason?: string;
  finishedAt?: string;
  parts: Record<string, PartCounts>;
};

export type RejectedEntry = { fileId: string; ordinal: number; position: string; reason: string; run: number };

const filePk = (fileId: string) => `FILE#${fileId}`;
const RECORD = 'RECORD';
const rejSk = (ordinal: number) => `REJ#${String(ordinal).padStart(10, '0')}`;
/** The listing's sort key: newest first by receipt, the file id to keep it unique. */
export const listingKey = (r: Pick<CamtFileRecord, 'receivedAt' | 'fileId'>) => `${r.receivedAt}#${r.fileId}`;
const withoutKeys = <T>(i: Record<string, AttributeValue>): T => {
  const { PK: _pk, SK: _sk, ...rest } = unmarshall(i);
  return rest as T;
};

export const totalsOf = (r: CamtFileRecord): PartCounts =>
  Object.values(r.parts).reduce(
    (t, p) => ({ items: t.items + p.items, published: t.published + p.published, parked: t.parked + p.parked, rejected: t.rejected + p.rejected, skipped: t.skipped + p.skipped }),
    { items: 0, published: 0, parked: 0, rejected: 0, skipped: 0 },
  );

const item = (o: Record<string, unknown>) => marshall(o, { removeUndefinedValues: true });

export class CamtIngestionStore {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
  ) {}

  /** The record as received, once: a second notification of the same object version changes nothing. */
  async received(fileId: string, source: CamtSource, receivedAt: string): Promise<CamtFileRecord> {
    try {
      await this.client.send(
        new PutItemCommand({
          TableName: this.tableName,
          Item: item({ PK: filePk(fileId), SK: RECORD, fileId, source, receivedAt, status: 'RECEIVED', run: 0, parts: {} }),
          ConditionExpression: 'attribute_not_exists(PK)',
        }),
      );
    } catch (e) {
      if ((e as Error).name !== 'ConditionalCheckFailedException') throw e;
    }
    const record = (await this.get(fileId))!;
    // Written again on every notification (the same item, under the first receipt's time): a listing
    // lost between the two writes is restored by the retry.
    await this.client.send(new PutItemCommand({ TableName: this.tableName, Item: item({ PK: 'FILES', SK: listingKey(record), fileId }) }));
    return record;
  }

  async get(fileId: string): Promise<CamtFileRecord | undefined> {
    const out = await this.client.send(new GetItemCommand({ TableName: this.tableName, Key: item({ PK: filePk(fileId), SK: RECORD }), ConsistentRead: true }));
    return out.Item ? withoutKeys<CamtFileRecord>(out.Item) : undefined;
  }

  /** Starts run `run` (parts cleared) unless it, or a later one, has started. */
  async startRun(fileId: string, run: number): Promise<boolean> {
    try {
      await this.client.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: item({ PK: filePk(fileId), SK: RECORD }),
          UpdateExpression: 'SET #run = :run, parts = :empty, #status = :processing REMOVE reason, finishedAt',
          ConditionExpression: '#run < :run',
          ExpressionAttributeNames: { '#run': 'run', '#status': 'status' },
          ExpressionAttributeValues: item({ ':run': run, ':empty': {}, ':processing': 'PROCESSING' }),
        }),
      );
      return true;
    } catch (e) {
      if ((e as Error).name === 'ConditionalCheckFailedException') return false;
      throw e;
    }
  }

  async identified(fileId: string, run: number, message: { name: string; version: number }) {
    await this.update(fileId, run, 'SET message = :m', { ':m': message });
  }

  async savePart(fileId: string, run: number, part: number, counts: PartCounts) {
    await this.update(fileId, run, 'SET parts.#part = :counts', { ':counts': counts }, { '#part': `p${part}` });
  }

  async finish(fileId: string, run: number, status: 'DONE' | 'REJECTED', at: string, reason?: string) {
    await this.update(fileId, run, reason ? 'SET #status = :s, finishedAt = :at, reason = :r' : 'SET #status = :s, finishedAt = :at', { ':s': status, ':at': at, ...(reason ? { ':r': reason } : {}) }, { '#status': 'status' });
  }

  private async update(fileId: string, run: number, expression: string, values: Record<string, unknown>, names: Record<string, string> = {}) {
    await this.client.send(
      new UpdateItemCommand({
        TableName: this.tableName,
        Key: item({ PK: filePk(fileId), SK: RECORD }),
        UpdateExpression: expression,
        // A run superseded by a redrive no longer writes its counts.
        ConditionExpression: '#run = :run',
        ExpressionAttributeNames: { '#run': 'run', ...names },
        ExpressionAttributeValues: item({ ':run': run, ...values }),
      }),
    );
  }

  async reject(e: RejectedEntry) {
    await this.client.send(new PutItemCommand({ TableName: this.tableName, Item: item({ PK: filePk(e.fileId), SK: rejSk(e.ordinal), ...e }) }));
  }

  /** A rejection that a redrive has now mapped is gone. */
  async clearRejection(fileId: string, ordinal: number) {
    await this.client.send(new DeleteItemCommand({ TableName: this.tableName, Key: item({ PK: filePk(fileId), SK: rejSk(ordinal) }) }));
  }

  async rejections(fileId: string): Promise<RejectedEntry[]> {
    const out: RejectedEntry[] = [];
    let start: Record<string, AttributeValue> | undefined;
    do {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'PK = :pk AND begins_with(SK, :rej)',
          ExpressionAttributeValues: item({ ':pk': filePk(fileId), ':rej': 'REJ#' }),
          ExclusiveStartKey: start,
        }),
      );
      out.push(...(page.Items ?? []).map((i) => withoutKeys<RejectedEntry>(i)));
      start = page.LastEvaluatedKey;
    } while (start);
    return out;
  }

  /** One page of a file's rejections in document order, after the entry `afterOrdinal`. */
  async rejectionPage(fileId: string, limit: number, afterOrdinal?: number): Promise<{ rejections: RejectedEntry[]; more: boolean }> {
    const page = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'PK = :pk AND SK BETWEEN :from AND :to',
        ExpressionAttributeValues: item({ ':pk': filePk(fileId), ':from': afterOrdinal === undefined ? 'REJ#' : rejSk(afterOrdinal + 1), ':to': 'REJ#~' }),
        // One more than a page: a next page is promised only when there is one.
        Limit: limit + 1,
      }),
    );
    const rejections = (page.Items ?? []).map((i) => withoutKeys<RejectedEntry>(i));
    return { rejections: rejections.slice(0, limit), more: rejections.length > limit };
  }

  /** The newest files first, a page at a time, after the listing key `after` (listingKey). */
  async list(limit: number, after?: string): Promise<{ files: CamtFileRecord[]; more: boolean }> {
    const page = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: after ? 'PK = :pk AND SK < :after' : 'PK = :pk',
        ExpressionAttributeValues: item({ ':pk': 'FILES', ...(after ? { ':after': after } : {}) }),
        ScanIndexForward: false,
        Limit: limit + 1,
      }),
    );
    const keys = (page.Items ?? []).map((i) => unmarshall(i) as { SK: string; fileId: string });
    const more = keys.length > limit;
    const ids = keys.slice(0, limit).map((k) => k.fileId);
    const byId = await this.getMany(ids);
    return { files: ids.map((id) => byId.get(id)).filter((r): r is CamtFileRecord => r !== undefined), more };
  }

  /** Records by id (at most 100), retrying the keys DynamoDB leaves unprocessed under load. */
  private async getMany(ids: string[]): Promise<Map<string, CamtFileRecord>> {
    const found = new Map<string, CamtFileRecord>();
    let keys = ids.map((id) => item({ PK: filePk(id), SK: RECORD }));
    for (let attempt = 0; keys.length > 0; attempt += 1) {
      if (attempt > 0) await new Promise((r) => setTimeout(r, Math.min(1000, 50 * 2 ** attempt)));
      if (attempt > 8) throw new Error('BatchGetItem left keys unprocessed after 8 retries');
      const got = await this.client.send(new BatchGetItemCommand({ RequestItems: { [this.tableName]: { Keys: keys, ConsistentRead: true } } }));
      for (const i of got.Responses?.[this.tableName] ?? []) {
        const r = withoutKeys<CamtFileRecord>(i);
        found.set(r.fileId, r);
      }
      keys = got.UnprocessedKeys?.[this.tableName]?.Keys ?? [];
    }
    return found;
  }
}
