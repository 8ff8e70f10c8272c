// Reading the sparse segment index (parallel Scan segments, key ranges of one segment#branch
// partition) and keeping a recalibration run's state: the run item, the partial histograms of its scan
// segments, and the analytics snapshot it leaves behind.
import {
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  ScanCommand,
  UpdateItemCommand,
  type DynamoDBClient,
  type QueryCommandInput,
} from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import {
  ANALYTICS_SK,
  customerPk,
  partSk,
  recalibrationPk,
  RUN_SK,
  SEGMENT_INDEX,
  SEGMENT_INDEX_PK,
  SEGMENT_INDEX_SK,
  SEGMENT_SHARD_INDEX,
  SEGMENT_SHARD_INDEX_PK,
  SEGMENT_SK,
  SEGMENTATION_PK,
} from '../domain/segment-record-keys';
import type { Histogram } from '../domain/segmentation/mvc-calibration';

export type StartKey = Record<string, unknown>;

const CUSTOMER_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/;
/**
 * A page position of one segment#branch partition, as a cursor brings it back, or undefined unless it is
 * exactly the key DynamoDB hands out for that partition of BySegmentBranch: the table key of a segment
 * item and the index key with this partition and an integer contribution. Anything else would reach
 * DynamoDB as an ExclusiveStartKey it refuses (a 500) or that starts in another partition.
 */
export function branchPageStartKey(value: unknown, partition: string): StartKey | undefined {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const v = value as Record<string, unknown>;
  const names = ['PK', 'SK', SEGMENT_INDEX_PK, SEGMENT_INDEX_SK];
  if (Object.keys(v).length !== names.length || !names.every((n) => Object.hasOwn(v, n))) return undefined;
  const only = (attr: unknown, type: 'S' | 'N') => {
    if (!attr || typeof attr !== 'object' || Object.keys(attr).length !== 1) return undefined;
    const inner = (attr as Record<string, unknown>)[type];
    return typeof inner === 'string' ? inner : undefined;
  };
  const pk = only(v.PK, 'S');
  const contribution = only(v[SEGMENT_INDEX_SK], 'N');
  const valid =
    pk !== undefined && pk.startsWith('CUSTOMER#') && CUSTOMER_ID.test(pk.slice('CUSTOMER#'.length)) &&
    only(v.SK, 'S') === SEGMENT_SK &&
    only(v[SEGMENT_INDEX_PK], 'S') === partition &&
    contribution !== undefined && /^-?\d{1,20}$/.test(contribution) && Number.isSafeInteger(Number(contribution));
  return valid ? v : undefined;
}
/** Per segment#branch partition: customers and their total trailing contribution. */
export type Aggregates = Record<string, { count: number; totalMinor: number }>;
export type IndexEntry = { PK: string; SK: string; customerId: string; segment: string; branchId: string; managerId?: string; segmentPartition: string; segmentContribution: number };

/** An entry of one shard of a segment (BySegment): the customer, home branch, manager and contribution. */
export type ShardEntry = { customerId: string; branchId: string; managerId?: string; contribution: number };

/** A recalibration run as its RUN item holds it. */
export type RecalibrationRun = {
  runId: string;
  totalSegments: number;
  startedAt: string;
  doneSegments: number;
  scannedAt?: string;
  result?: { positiveContributors: number; percentileMinor: number | null; thresholdMinor: number; moveRanges: number; at: string };
};

export type RecalibrationPart = { histogram: Histogram; aggregates: Aggregates; scanned: number };
export type AnalyticsSnapshot = { asOf: string; runId: string; aggregates: Aggregates };

export class SegmentIndexStore {
  constructor(
    private readonly client: DynamoDBClient,
    readonly tableName: string,
    readonly requests: { count: number } = { count: 0 },
  ) {}

  private send<T>(command: unknown): Promise<T> {
    this.requests.count += 1;
    return (this.client.send as (c: unknown) => Promise<unknown>).call(this.client, command) as Promise<T>;
  }

  /** One page of one parallel-scan segment: only the index keys are read back. */
  async scanPage(segment: number, totalSegments: number, startKey?: StartKey) {
    const out = await this.send<{ Items?: any[]; LastEvaluatedKey?: any }>(
      new ScanCommand({
        TableName: this.tableName,
        IndexName: SEGMENT_INDEX,
        Segment: segment,
        TotalSegments: totalSegments,
        ProjectionExpression: '#p, #c',
        ExpressionAttributeNames: { '#p': SEGMENT_INDEX_PK, '#c': SEGMENT_INDEX_SK },
        ExclusiveStartKey: startKey as never,
      }),
    );
    return {
      entries: (out.Items ?? []).map((i) => ({ partition: i[SEGMENT_INDEX_PK].S as string, contribution: Number(i[SEGMENT_INDEX_SK].N) })),
      next: out.LastEvaluatedKey as StartKey | undefined,
    };
  }

  /** One page of a partition between two contributions (inclusive; either open), by contribution. */
  async partitionRange(
    partition: string,
    range: { from?: number; to?: number },
    o: { limit?: number; startKey?: StartKey; descending?: boolean; keysOnly?: boolean } = {},
  ): Promise<{ entries: IndexEntry[]; next?: StartKey }> {
    const condition =
      range.from !== undefined && range.to !== undefined
        ? '#p = :p AND #c BETWEEN :from AND :to'
        : range.from !== undefined
          ? '#p = :p AND #c >= :from'
          : range.to !== undefined
            ? '#p = :p AND #c <= :to'
            : '#p = :p';
    const input: QueryCommandInput = {
      TableName: this.tableName,
      IndexName: SEGMENT_INDEX,
      KeyConditionExpression: condition,
      ExpressionAttributeNames: { '#p': SEGMENT_INDEX_PK, ...(condition.includes('#c') || o.keysOnly ? { '#c': SEGMENT_INDEX_SK } : {}) },
      ExpressionAttributeValues: marshall({ ':p': partition, ...(range.from !== undefined ? { ':from': range.from } : {}), ...(range.to !== undefined ? { ':to': range.to } : {}) }),
      ScanIndexForward: !o.descending,
      ...(o.limit ? { Limit: o.limit } : {}),
      ...(o.keysOnly ? { ProjectionExpression: '#c' } : {}),
      ExclusiveStartKey: o.startKey as never,
    };
    const out = await this.send<{ Items?: any[]; LastEvaluatedKey?: any }>(new QueryCommand(input));
    return { entries: (out.Items ?? []).map((i) => unmarshall(i) as IndexEntry), next: out.LastEvaluatedKey as StartKey | undefined };
  }

  /**
   * Up to `limit` entries of one shard of a segment, highest contribution first, after the entry at
   * `after` (its contribution and customer id: with the table's keys, that is the index's start key).
   */
  async shardPage(shard: string, limit: number, after?: readonly [number, string]): Promise<{ entries: ShardEntry[]; more: boolean }> {
    const out = await this.send<{ Items?: any[]; LastEvaluatedKey?: any }>(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: SEGMENT_SHARD_INDEX,
        KeyConditionExpression: '#s = :s',
        ExpressionAttributeNames: { '#s': SEGMENT_SHARD_INDEX_PK },
        ExpressionAttributeValues: marshall({ ':s': shard }),
        ScanIndexForward: false,
        Limit: limit,
        ...(after
          ? { ExclusiveStartKey: marshall({ [SEGMENT_SHARD_INDEX_PK]: shard, [SEGMENT_INDEX_SK]: after[0], PK: customerPk(after[1]), SK: SEGMENT_SK }) }
          : {}),
      }),
    );
    const entries = (out.Items ?? []).map((i) => {
      const e = unmarshall(i);
      return { customerId: e.customerId, branchId: e.branchId, contribution: e[SEGMENT_INDEX_SK], ...(e.managerId ? { managerId: e.managerId } : {}) } as ShardEntry;
    });
    return { entries, more: out.LastEvaluatedKey !== undefined };
  }

  /** Every value of a partition within [from, to]. */
  async valuesBetween(partition: string, from: number, to: number): Promise<number[]> {
    const values: number[] = [];
    let startKey: StartKey | undefined;
    do {
      const page = await this.partitionRange(partition, { from, to }, { startKey, keysOnly: true });
      values.push(...page.entries.map((e) => e.segmentContribution));
      startKey = page.next;
    } while (startKey);
    return values;
  }

  async startRun(runId: string, totalSegments: number, at: string): Promise<boolean> {
    try {
      await this.send(
        new PutItemCommand({
          TableName: this.tableName,
          Item: marshall({ PK: recalibrationPk(runId), SK: RUN_SK, type: 'RECALIBRATION_RUN', runId, totalSegments, startedAt: at }),
          ConditionExpression: 'attribute_not_exists(PK)',
        }),
      );
      return true;
    } catch (error) {
      if ((error as Error).name === 'ConditionalCheckFailedException') return false;
      throw error;
    }
  }

  async run(runId: string): Promise<RecalibrationRun | undefined> {
    const out = await this.send<{ Item?: any }>(
      new GetItemCommand({ TableName: this.tableName, Key: marshall({ PK: recalibrationPk(runId), SK: RUN_SK }), ConsistentRead: true }),
    );
    if (!out.Item) return undefined;
    const { runId: id, totalSegments, startedAt, doneSegments, scannedAt, result } = unmarshall(out.Item);
    return { runId: id, totalSegments, startedAt, doneSegments: (doneSegments as Set<number> | undefined)?.size ?? 0, scannedAt, result };
  }

  async putPart(runId: string, segment: number, part: number, data: RecalibrationPart): Promise<void> {
    await this.send(
      new PutItemCommand({
        TableName: this.tableName,
        Item: marshall({ PK: recalibrationPk(runId), SK: partSk(segment, part), type: 'RECALIBRATION_PART', segment, part, data: JSON.stringify(data) }),
      }),
    );
  }

  /**
   * Marks a scan segment done; true for exactly one caller: the one whose mark completed the run (a
   * redelivered mark changes nothing and gets false).
   */
  async completeSegment(runId: string, segment: number, at: string): Promise<boolean> {
    const key = marshall({ PK: recalibrationPk(runId), SK: RUN_SK });
    const out = await this.send<{ Attributes?: any }>(
      new UpdateItemCommand({
        TableName: this.tableName,
        Key: key,
        UpdateExpression: 'ADD doneSegments :s',
        ExpressionAttributeValues: { ':s': { NS: [String(segment)] } },
        ReturnValues: 'ALL_NEW',
      }),
    );
    const run = unmarshall(out.Attributes ?? {});
    if ((run.doneSegments as Set<number> | undefined)?.size !== run.totalSegments) return false;
    try {
      await this.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: key,
          UpdateExpression: 'SET scannedAt = :at',
          ConditionExpression: 'attribute_not_exists(scannedAt)',
          ExpressionAttributeValues: marshall({ ':at': at }),
        }),
      );
      return true;
    } catch (error) {
      if ((error as Error).name === 'ConditionalCheckFailedException') return false;
      throw error;
    }
  }

  async parts(runId: string): Promise<RecalibrationPart[]> {
    const parts: RecalibrationPart[] = [];
    let startKey: StartKey | undefined;
    do {
      const out = await this.send<{ Items?: any[]; LastEvaluatedKey?: any }>(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'PK = :pk AND begins_with(SK, :part)',
          ExpressionAttributeValues: marshall({ ':pk': recalibrationPk(runId), ':part': 'PART#' }),
          ConsistentRead: true,
          ExclusiveStartKey: startKey as never,
        }),
      );
      parts.push(...(out.Items ?? []).map((i) => JSON.parse(unmarshall(i).data as string) as RecalibrationPart));
      startKey = out.LastEvaluatedKey;
    } while (startKey);
    return parts;
  }

  async finishRun(runId: string, result: Record<string, unknown>): Promise<void> {
    await this.send(
      new UpdateItemCommand({
        TableName: this.tableName,
        Key: marshall({ PK: recalibrationPk(runId), SK: RUN_SK }),
        UpdateExpression: 'SET #r = :r',
        ExpressionAttributeNames: { '#r': 'result' },
        ExpressionAttributeValues: marshall({ ':r': result }, { removeUndefinedValues: true }),
      }),
    );
  }

  async putAnalytics(snapshot: AnalyticsSnapshot): Promise<void> {
    await this.send(
      new PutItemCommand({
        TableName: this.tableName,
        Item: marshall({ PK: SEGMENTATION_PK, SK: ANALYTICS_SK, type: 'SEGMENT_ANALYTICS', asOf: snapshot.asOf, runId: snapshot.runId, aggregates: JSON.stringify(snapshot.aggregates) }),
        ConditionExpression: 'attribute_not_exists(runId) OR runId <= :run',
        ExpressionAttributeValues: marshall({ ':run': snapshot.runId }),
      }),
    ).catch((error: Error) => {
      if (error.name !== 'ConditionalCheckFailedException') throw error;
    });
  }

  async analytics(): Promise<AnalyticsSnapshot | undefined> {
    const out = await this.send<{ Items?: any[] }>(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'PK = :pk AND SK = :sk',
        ExpressionAttributeValues: marshall({ ':pk': SEGMENTATION_PK, ':sk': ANALYTICS_SK }),
      }),
    );
    const item = out.Items?.[0] ? unmarshall(out.Items[0]) : undefined;
    return item ? { asOf: item.asOf, runId: item.runId, aggregates: JSON.parse(item.aggregates) } : undefined;
  }
}
