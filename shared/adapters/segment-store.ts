// DynamoDB access for segmentation (layout: shared/domain/segment-record-keys.ts). Reads what a
// re-evaluation needs in a few Queries on the customer's partition, and writes an assignment change,
// its history item and the managers' loads in one transaction, so that a change is all or nothing and
// a redelivery finds it done.
import {
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  TransactWriteItemsCommand,
  UpdateItemCommand,
  type DynamoDBClient,
  type QueryCommandInput,
  type TransactWriteItem,
} from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { ACCOUNT_PREFIX, BALANCE_PREFIX, CONSENT_PREFIX, PROFILE_SK, TIMELINE_PREFIX } from '../domain/record-keys';
import type { StoredConsent } from '../domain/marketing-consent';
import {
  branchPk,
  CONTRIBUTION_PREFIX,
  contributionSk,
  customerPk,
  MANAGER_PREFIX,
  managerSk,
  SEGMENT_HISTORY_PREFIX,
  SEGMENT_SK,
} from '../domain/segment-record-keys';
import type { MonthlyContribution } from '../domain/contribution';
import { daysInMonth, reportingMonthBounds } from '../domain/segmentation/reporting-calendar';
import type { RelationshipManager } from '../domain/segmentation/relationship-managers';
import type { StoredItem } from '../domain/monthly-figures';
import type { StoredProfile } from './customer-record-items';
import { historyEntry, type StoredAssignment, type StoredHistoryEntry } from '../segmentation/stored-assignment';

const M = { removeUndefinedValues: true } as const;

export type StoredContribution = {
  PK: string;
  SK: string;
  type: 'CONTRIBUTION';
  month: string;
  currency: string;
  contributionMinor: number;
  netInterestMarginMinor: number;
  feeIncomeMinor: number;
  costToServeMinor: number;
  creditLossesMinor: number;
  productsHeldAtMonthEnd: number;
  computedAt: string;
};

/** Counts every request sent, so benchmarks can report requests per customer. */
export type RequestCounter = { count: number };

/** Why a transactional assignment write was refused. */
export class AssignmentConflict extends Error {
  constructor(readonly reason: 'STALE_VERSION' | 'MANAGER_FULL' | 'OTHER') {
    super(`assignment write refused: ${reason}`);
    this.name = 'AssignmentConflict';
  }
}

export class SegmentStore {
  constructor(
    private readonly client: DynamoDBClient,
    readonly tableName: string,
    readonly requests: RequestCounter = { count: 0 },
  ) {}

  private send<T>(command: unknown): Promise<T> {
    this.requests.count += 1;
    return (this.client.send as (c: unknown) => Promise<unknown>).call(this.client, command) as Promise<T>;
  }

  async queryAll(input: Omit<QueryCommandInput, 'TableName'>): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = [];
    let start: QueryCommandInput['ExclusiveStartKey'];
    do {
      const out = await this.send<{ Items?: any[]; LastEvaluatedKey?: any }>(
        new QueryCommand({ TableName: this.tableName, ...input, ExclusiveStartKey: start }),
      );
      items.push(...(out.Items ?? []).map((i) => unmarshall(i)));
      start = out.LastEvaluatedKey;
    } while (start);
    return items;
  }

  private range(customerId: string, from: string, to: string) {
    return this.queryAll({
      KeyConditionExpression: 'PK = :pk AND SK BETWEEN :from AND :to',
      ExpressionAttributeValues: marshall({ ':pk': customerPk(customerId), ':from': from, ':to': to }),
    });
  }

  /** The customer's marketing consents (CONSENT# items): one Query. */
  async marketingConsents(customerId: string): Promise<StoredConsent[]> {
    return (await this.range(customerId, CONSENT_PREFIX, `${CONSENT_PREFIX}~`)) as unknown as StoredConsent[];
  }

  /** The profile and the current assignment: one Query (PROFILE … SEGMENT). */
  async profileAndAssignment(customerId: string): Promise<{ profile?: StoredProfile; assignment?: StoredAssignment }> {
    const items = await this.range(customerId, PROFILE_SK, SEGMENT_SK);
    return {
      profile: items.find((i) => i.SK === PROFILE_SK) as StoredProfile | undefined,
      assignment: items.find((i) => i.SK === SEGMENT_SK) as StoredAssignment | undefined,
    };
  }

  async assignment(customerId: string): Promise<StoredAssignment | undefined> {
    const out = await this.send<{ Item?: any }>(
      new GetItemCommand({ TableName: this.tableName, Key: marshall({ PK: customerPk(customerId), SK: SEGMENT_SK }), ConsistentRead: true }),
    );
    return out.Item ? (unmarshall(out.Item) as StoredAssignment) : undefined;
  }

  /** The assignment and its history, newest change first: one Query (SEGMENT … SEGMENT#~). */
  async assignmentWithHistory(customerId: string): Promise<{ assignment?: StoredAssignment; history: StoredHistoryEntry[] }> {
    const items = await this.range(customerId, SEGMENT_SK, `${SEGMENT_HISTORY_PREFIX}~`);
    return {
      assignment: items.find((i) => i.SK === SEGMENT_SK) as StoredAssignment | undefined,
      history: (items.filter((i) => i.SK !== SEGMENT_SK) as StoredHistoryEntry[]).reverse(),
    };
  }

  /** Accounts (lifecycle and products held). */
  accounts(customerId: string): Promise<StoredItem[]> {
    return this.range(customerId, ACCOUNT_PREFIX, `${ACCOUNT_PREFIX}~`);
  }

  /** Stored monthly contributions and the loan history: one Query (CONTRIB# … LOAN#~). */
  async contributionsAndLoans(customerId: string): Promise<{ contributions: StoredContribution[]; loans: StoredItem[] }> {
    const items = await this.range(customerId, CONTRIBUTION_PREFIX, 'LOAN#~');
    return {
      contributions: items.filter((i) => i.type === 'CONTRIBUTION') as StoredContribution[],
      loans: items.filter((i) => i.type === 'LOAN_STATUS'),
    };
  }

  /** The month's timeline entries and end-of-day balances: two key ranges. */
  async monthActivity(customerId: string, month: string, timeZone: string): Promise<StoredItem[]> {
    const { startUtc, endUtc } = reportingMonthBounds(month, timeZone);
    const [timeline, balances] = await Promise.all([
      this.range(customerId, `${TIMELINE_PREFIX}${startUtc}`, `${TIMELINE_PREFIX}${endUtc}`),
      this.range(customerId, `${BALANCE_PREFIX}${month}-01`, `${BALANCE_PREFIX}${month}-${daysInMonth(month)}~`),
    ]);
    return [...timeline, ...balances];
  }

  /** Stores a month's contribution unless the stored one already says the same. */
  async putContribution(customerId: string, c: MonthlyContribution, productsHeldAtMonthEnd: number, now: string, before?: StoredContribution): Promise<StoredContribution> {
    const item: StoredContribution = {
      PK: customerPk(customerId),
      SK: contributionSk(c.month),
      type: 'CONTRIBUTION',
      month: c.month,
      currency: c.currency,
      contributionMinor: c.contributionMinor,
      netInterestMarginMinor: c.netInterestMarginMinor,
      feeIncomeMinor: c.feeIncomeMinor,
      costToServeMinor: c.costToServeMinor,
      creditLossesMinor: c.creditLossesMinor,
      productsHeldAtMonthEnd,
      computedAt: now,
    };
    const same =
      before &&
      (['contributionMinor', 'netInterestMarginMinor', 'feeIncomeMinor', 'costToServeMinor', 'creditLossesMinor', 'productsHeldAtMonthEnd', 'currency'] as const).every(
        (k) => before[k] === item[k],
      );
    if (same) return before;
    await this.send(new PutItemCommand({ TableName: this.tableName, Item: marshall(item, M) }));
    return item;
  }

  async roster(branchId: string): Promise<RelationshipManager[]> {
    const items = await this.queryAll({
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :m)',
      ExpressionAttributeValues: marshall({ ':pk': branchPk(branchId), ':m': MANAGER_PREFIX }),
      ConsistentRead: true,
    });
    return items as unknown as RelationshipManager[];
  }

  /**
   * Writes `next` over `before` (undefined: the customer's first assignment). When the segment changed,
   * also the history item; when the manager changed, the new manager's load +1 (only while below
   * capacity and active) and the old one's −1, all in one transaction guarded by the item's version.
   */
  async writeAssignment(before: StoredAssignment | undefined, next: StoredAssignment): Promise<void> {
    const guard = before
      ? { ConditionExpression: 'version = :v', ExpressionAttributeValues: marshall({ ':v': before.version }) }
      : { ConditionExpression: 'attribute_not_exists(PK)' };
    const put: TransactWriteItem = { Put: { TableName: this.tableName, Item: marshall(next, M), ...guard } };
    const segmentChanged = next.segmentVersion !== (before?.segmentVersion ?? 0);
    const oldManager = before?.manager.kind === 'NAMED' ? before.manager : undefined;
    const newManager = next.manager.kind === 'NAMED' ? next.manager : undefined;
    const managerChanged = oldManager?.managerId !== newManager?.managerId || oldManager?.branchId !== newManager?.branchId;

    const items: TransactWriteItem[] = [put];
    if (segmentChanged) {
      items.push({ Put: { TableName: this.tableName, Item: marshall(historyEntry(next), M), ConditionExpression: 'attribute_not_exists(PK)' } });
    }
    if (managerChanged && newManager) {
      items.push({
        Update: {
          TableName: this.tableName,
          Key: marshall({ PK: branchPk(newManager.branchId), SK: managerSk(newManager.managerId) }),
          UpdateExpression: 'ADD #load :one',
          ConditionExpression: 'attribute_exists(PK) AND #active = :true AND #load < #capacity',
          ExpressionAttributeNames: { '#load': 'load', '#active': 'active', '#capacity': 'capacity' },
          ExpressionAttributeValues: marshall({ ':one': 1, ':true': true }),
        },
      });
    }
    if (managerChanged && oldManager) {
      items.push({
        Update: {
          TableName: this.tableName,
          Key: marshall({ PK: branchPk(oldManager.branchId), SK: managerSk(oldManager.managerId) }),
          UpdateExpression: 'ADD #load :minus',
          ConditionExpression: 'attribute_exists(PK) AND #load > :zero',
          ExpressionAttributeNames: { '#load': 'load' },
          ExpressionAttributeValues: marshall({ ':minus': -1, ':zero': 0 }),
        },
      });
    }

    if (items.length === 1) {
      try {
        await this.send(new PutItemCommand(put.Put!));
      } catch (error) {
        if ((error as Error).name === 'ConditionalCheckFailedException') throw new AssignmentConflict('STALE_VERSION');
        throw error;
      }
      return;
    }
    try {
      await this.send(new TransactWriteItemsCommand({ TransactItems: items }));
    } catch (error) {
      if ((error as Error).name !== 'TransactionCanceledException') throw error;
      const reasons = ((error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? []).map((r) => r.Code);
      // The item's version, or a history item already written by a concurrent change: lost the race.
      const historyIndex = segmentChanged ? 1 : -1;
      if (reasons[0] === 'ConditionalCheckFailed' || (historyIndex > 0 && reasons[historyIndex] === 'ConditionalCheckFailed')) {
        throw new AssignmentConflict('STALE_VERSION');
      }
      const newManagerIndex = items.findIndex((i) => i.Update?.UpdateExpression === 'ADD #load :one');
      if (newManagerIndex >= 0 && reasons[newManagerIndex] === 'ConditionalCheckFailed') throw new AssignmentConflict('MANAGER_FULL');
      // The old manager's record is gone or already at zero: release nothing rather than block the change.
      const oldIndex = items.findIndex((i) => i.Update?.UpdateExpression === 'ADD #load :minus');
      if (oldIndex >= 0 && reasons[oldIndex] === 'ConditionalCheckFailed') {
        await this.send(new TransactWriteItemsCommand({ TransactItems: items.filter((_, i) => i !== oldIndex) })).catch((e: Error) => {
          throw e.name === 'TransactionCanceledException' ? new AssignmentConflict('OTHER') : e;
        });
        return;
      }
      throw new AssignmentConflict('OTHER');
    }
  }

  /** Records that the event of `segmentVersion` is on the bus (never lowers it). */
  async markPublished(customerId: string, segmentVersion: number): Promise<void> {
    await this.send(
      new UpdateItemCommand({
        TableName: this.tableName,
        Key: marshall({ PK: customerPk(customerId), SK: SEGMENT_SK }),
        UpdateExpression: 'SET publishedVersion = :v',
        ConditionExpression: 'attribute_exists(PK) AND publishedVersion < :v',
        ExpressionAttributeValues: marshall({ ':v': segmentVersion }),
      }),
    ).catch((error: Error) => {
      if (error.name !== 'ConditionalCheckFailedException') throw error;
    });
  }
}
