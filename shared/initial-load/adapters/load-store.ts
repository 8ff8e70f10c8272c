// A load's state in the customer-records table, in a partition of its own (no customer SK prefix, so
// the segmentation stream filter never sees it):
//
//   PK             SK              what
//   LOAD#<id>      LOAD            manifest, files, state, ranges done (a number set: adding twice is once)
//   LOAD#<id>      RANGE#<n>       one range: file, bytes, checkpoint (offset, lines, rejected), done
//   LOADS          ACTIVE          the ids of loads still writing (the load-in-progress flag)
import {
  BatchWriteItemCommand,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  UpdateItemCommand,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { LoadRange } from '../domain/load-ranges';
import type { StoredLoad, StoredRange } from '../domain/load-progress';

const loadPk = (loadId: string) => `LOAD#${loadId}`;
const LOAD_SK = 'LOAD';
const rangeSk = (index: number) => `RANGE#${String(index).padStart(6, '0')}`;
export const ACTIVE_KEY = { PK: 'LOADS', SK: 'ACTIVE' } as const;

const isConditionFailure = (error: unknown) => (error as Error).name === 'ConditionalCheckFailedException';

export type Checkpoint = { offset?: number; lines: number; rejected: number; bytesDone: number };

export class LoadStore {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
  ) {}

  /** Creates the load and its ranges; false if a load of this id exists already. */
  async create(load: Omit<StoredLoad, 'rangesDone' | 'assessDone' | 'rejectedLines'>, ranges: readonly LoadRange[]): Promise<boolean> {
    try {
      await this.client.send(
        new PutItemCommand({
          TableName: this.tableName,
          Item: marshall({ PK: loadPk(load.loadId), SK: LOAD_SK, type: 'INITIAL_LOAD', ...load }, { removeUndefinedValues: true }),
          ConditionExpression: 'attribute_not_exists(PK)',
        }),
      );
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
    const items = ranges.map((r) => ({ PK: loadPk(load.loadId), SK: rangeSk(r.index), type: 'LOAD_RANGE', ...r, lines: 0, rejected: 0, bytesDone: 0, done: false }));
    for (let i = 0; i < items.length; i += 25) {
      let pending = items.slice(i, i + 25).map((item) => ({ PutRequest: { Item: marshall(item) } }));
      while (pending.length) {
        const out = await this.client.send(new BatchWriteItemCommand({ RequestItems: { [this.tableName]: pending } }));
        pending = (out.UnprocessedItems?.[this.tableName] ?? []) as typeof pending;
      }
    }
    return true;
  }

  async load(loadId: string): Promise<StoredLoad | undefined> {
    const out = await this.client.send(new GetItemCommand({ TableName: this.tableName, Key: marshall({ PK: loadPk(loadId), SK: LOAD_SK }), ConsistentRead: true }));
    return out.Item ? toLoad(unmarshall(out.Item)) : undefined;
  }

  async range(loadId: string, index: number): Promise<StoredRange | undefined> {
    const out = await this.client.send(new GetItemCommand({ TableName: this.tableName, Key: marshall({ PK: loadPk(loadId), SK: rangeSk(index) }), ConsistentRead: true }));
    return out.Item ? toRange(unmarshall(out.Item)) : undefined;
  }

  async ranges(loadId: string): Promise<StoredRange[]> {
    const ranges: StoredRange[] = [];
    let start: Record<string, any> | undefined;
    do {
      const out = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'PK = :pk AND begins_with(SK, :range)',
          ExpressionAttributeValues: marshall({ ':pk': loadPk(loadId), ':range': 'RANGE#' }),
          ExclusiveStartKey: start,
          ConsistentRead: true,
        }),
      );
      ranges.push(...(out.Items ?? []).map((i) => toRange(unmarshall(i))));
      start = out.LastEvaluatedKey;
    } while (start);
    return ranges;
  }

  /** Moves the checkpoint forward only: a late or duplicate worker never takes it back (false then). */
  async checkpoint(loadId: string, index: number, c: Checkpoint): Promise<boolean> {
    try {
      await this.client.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: marshall({ PK: loadPk(loadId), SK: rangeSk(index) }),
          UpdateExpression: c.offset === undefined ? 'SET #lines = :l, rejected = :r, bytesDone = :b' : 'SET #lines = :l, rejected = :r, bytesDone = :b, #offset = :o',
          ConditionExpression: '#lines < :l',
          ExpressionAttributeNames: { '#lines': 'lines', ...(c.offset === undefined ? {} : { '#offset': 'offset' }) },
          ExpressionAttributeValues: marshall({ ':l': c.lines, ':r': c.rejected, ':b': c.bytesDone, ...(c.offset === undefined ? {} : { ':o': c.offset }) }),
        }),
      );
      return true;
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      return false;
    }
  }

  /** The load's state alone (a cheap read a worker makes once per window, to stop when the load failed). */
  async state(loadId: string): Promise<StoredLoad['state'] | undefined> {
    const out = await this.client.send(
      new GetItemCommand({ TableName: this.tableName, Key: marshall({ PK: loadPk(loadId), SK: LOAD_SK }), ProjectionExpression: '#s', ExpressionAttributeNames: { '#s': 'state' } }),
    );
    return out.Item?.state?.S as StoredLoad['state'] | undefined;
  }

  /**
   * Counts a window's rejected lines against the load's limit (after its checkpoint moved: a repeated
   * window is not counted twice). Returns the total so far and the limit.
   */
  async addRejected(loadId: string, count: number): Promise<{ total: number; limit: number }> {
    const out = await this.client.send(
      new UpdateItemCommand({
        TableName: this.tableName,
        Key: marshall({ PK: loadPk(loadId), SK: LOAD_SK }),
        UpdateExpression: 'ADD rejectedLines :n',
        ExpressionAttributeValues: { ':n': { N: String(count) } },
        ReturnValues: 'ALL_NEW',
      }),
    );
    const item = unmarshall(out.Attributes!);
    return { total: item.rejectedLines, limit: item.maxRejectedLines ?? Number.MAX_SAFE_INTEGER };
  }

  /** LOADING or ASSESSING → FAILED with the reason; false if it had failed or completed already. */
  async fail(loadId: string, reason: string, at: string): Promise<boolean> {
    for (const during of ['LOADING', 'ASSESSING'] as const) {
      if (await this.transition(loadId, during, 'FAILED', { failure: { reason, at, during } })) return true;
    }
    return false;
  }

  async setReport(loadId: string, reportKey: string): Promise<void> {
    await this.client.send(
      new UpdateItemCommand({
        TableName: this.tableName,
        Key: marshall({ PK: loadPk(loadId), SK: LOAD_SK }),
        UpdateExpression: 'SET reportKey = :k',
        ExpressionAttributeValues: marshall({ ':k': reportKey }),
      }),
    );
  }

  /** FAILED → the state it failed in (a resume); false if it is not FAILED. */
  async reopen(load: StoredLoad): Promise<boolean> {
    if (load.state !== 'FAILED' || !load.failure) return false;
    return this.transition(load.loadId, 'FAILED', load.failure.during, {}, ['failure']);
  }

  /** Marks a range done; true when that makes every range of the load done (true again on a repeat). */
  async completeRange(loadId: string, index: number, rangesTotal: number): Promise<boolean> {
    await this.client.send(
      new UpdateItemCommand({
        TableName: this.tableName,
        Key: marshall({ PK: loadPk(loadId), SK: rangeSk(index) }),
        UpdateExpression: 'SET done = :t',
        ExpressionAttributeValues: marshall({ ':t': true }),
      }),
    );
    const out = await this.client.send(
      new UpdateItemCommand({
        TableName: this.tableName,
        Key: marshall({ PK: loadPk(loadId), SK: LOAD_SK }),
        UpdateExpression: 'ADD doneRanges :r',
        ExpressionAttributeValues: { ':r': { NS: [String(index)] } },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    return (out.Attributes?.doneRanges?.NS?.length ?? 0) >= rangesTotal;
  }

  /** LOADING → ASSESSING once; false if another worker got there first. */
  async startAssessing(loadId: string, at: string, reportKey: string | undefined, assessSegments: number): Promise<boolean> {
    return this.transition(loadId, 'LOADING', 'ASSESSING', { loadedAt: at, assessSegments, ...(reportKey ? { reportKey } : {}) });
  }

  async completeAssessSegment(loadId: string, segment: number, totalSegments: number): Promise<boolean> {
    const out = await this.client.send(
      new UpdateItemCommand({
        TableName: this.tableName,
        Key: marshall({ PK: loadPk(loadId), SK: LOAD_SK }),
        UpdateExpression: 'ADD doneAssess :s',
        ExpressionAttributeValues: { ':s': { NS: [String(segment)] } },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    return (out.Attributes?.doneAssess?.NS?.length ?? 0) >= totalSegments;
  }

  async complete(loadId: string, at: string, recalibrationRunId: string): Promise<boolean> {
    return this.transition(loadId, 'ASSESSING', 'COMPLETED', { completedAt: at, recalibrationRunId });
  }

  private async transition(loadId: string, from: string, to: string, set: Record<string, unknown>, remove: string[] = []): Promise<boolean> {
    const names: Record<string, string> = { '#state': 'state' };
    const values: Record<string, unknown> = { ':from': from, ':to': to };
    const assignments = ['#state = :to'];
    Object.entries(set).forEach(([k, v], i) => {
      names[`#a${i}`] = k;
      values[`:a${i}`] = v;
      assignments.push(`#a${i} = :a${i}`);
    });
    remove.forEach((k, i) => (names[`#r${i}`] = k));
    try {
      await this.client.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: marshall({ PK: loadPk(loadId), SK: LOAD_SK }),
          UpdateExpression: `SET ${assignments.join(', ')}${remove.length ? ` REMOVE ${remove.map((_, i) => `#r${i}`).join(', ')}` : ''}`,
          ConditionExpression: '#state = :from',
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: marshall(values),
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  /** The load-in-progress flag: the ids of loads whose ranges are still being written. */
  async setActive(loadId: string, active: boolean): Promise<void> {
    await this.client.send(
      new UpdateItemCommand({
        TableName: this.tableName,
        Key: marshall(ACTIVE_KEY),
        UpdateExpression: active ? 'ADD loads :id' : 'DELETE loads :id',
        ExpressionAttributeValues: { ':id': { SS: [loadId] } },
      }),
    );
  }

  async activeLoads(): Promise<string[]> {
    const out = await this.client.send(new GetItemCommand({ TableName: this.tableName, Key: marshall(ACTIVE_KEY), ProjectionExpression: 'loads' }));
    return out.Item?.loads?.SS ?? [];
  }
}

function toLoad(item: Record<string, any>): StoredLoad {
  return {
    loadId: item.loadId,
    manifestKey: item.manifestKey,
    state: item.state,
    files: item.files,
    rangesTotal: item.rangesTotal,
    rangesDone: (item.doneRanges as Set<number> | undefined)?.size ?? 0,
    assessSegments: item.assessSegments ?? 0,
    assessDone: (item.doneAssess as Set<number> | undefined)?.size ?? 0,
    startedAt: item.startedAt,
    ...(item.loadedAt ? { loadedAt: item.loadedAt } : {}),
    ...(item.completedAt ? { completedAt: item.completedAt } : {}),
    ...(item.recalibrationRunId ? { recalibrationRunId: item.recalibrationRunId } : {}),
    ...(item.reportKey ? { reportKey: item.reportKey } : {}),
    maxRejectedLines: item.maxRejectedLines ?? Number.MAX_SAFE_INTEGER,
    rejectedLines: item.rejectedLines ?? 0,
    ...(item.failure ? { failure: item.failure } : {}),
  };
}

const toRange = (item: Record<string, any>): StoredRange => ({
  index: item.index,
  file: item.file,
  start: item.start,
  end: item.end,
  ...(item.offset !== undefined ? { offset: item.offset } : {}),
  lines: item.lines,
  rejected: item.rejected,
  bytesDone: item.bytesDone,
  done: item.done,
});
