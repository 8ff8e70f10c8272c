// The breach scan's reads and its outbox sweep: the complaints an hourly schedule touches (still RECEIVED
// after the sweep's delay; due for escalation). Apart from ComplaintStore so that the functions that
// never scan (the router above all, close to its bundle budget) do not carry them.
import { UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { ComplaintRecord } from './complaint-records';
import { ComplaintStore, fromItem, M } from './complaint-store';
import { COMPLAINT_SK, complaintPk, INDEXES, OPEN_SHARDS, UNROUTED_PARTITION } from './complaint-table-keys';

export class BreachScanStore extends ComplaintStore {
  /** Complaints still RECEIVED that were received before `instant`: what the outbox sweep touches. */
  async *receivedNotRoutedBefore(instant: string): AsyncGenerator<string> {
    const { pk, sk, name } = INDEXES.byQueue;
    for await (const item of this.queryAll({
      IndexName: name,
      KeyConditionExpression: `${pk} = :pk AND ${sk} < :before`,
      ExpressionAttributeValues: M({ ':pk': UNROUTED_PARTITION, ':before': instant }),
      ProjectionExpression: 'PK',
    })) {
      yield String(unmarshall(item).PK).slice('COMPLAINT#'.length);
    }
  }

  /**
   * Puts a complaint still RECEIVED through the table's stream again (a MODIFY the routing filter passes),
   * without changing its version, so that a routing in progress is not disturbed. False when it has
   * been routed (or withdrawn) meanwhile.
   */
  async sweepIntoOutbox(complaintId: string, at: string): Promise<boolean> {
    try {
      await this.client.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: M({ PK: complaintPk(complaintId), SK: COMPLAINT_SK }),
          UpdateExpression: 'SET outboxSweptAt = :at',
          ConditionExpression: 'complaint.#status = :received',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: M({ ':at': at, ':received': 'RECEIVED' }),
        }),
      );
      return true;
    } catch (error) {
      if ((error as { name?: string })?.name === 'ConditionalCheckFailedException') return false;
      throw error;
    }
  }

  /** Complaints whose next unescalated deadline falls at or before `now`, shard by shard. */
  async *dueForBreach(now: string): AsyncGenerator<ComplaintRecord> {
    const { pk, sk, name } = INDEXES.openByDue;
    for (let shard = 0; shard < OPEN_SHARDS; shard++) {
      for await (const item of this.queryAll({
        IndexName: name,
        // `#` sorts before every id character, `~` after: every key due at or before `now`.
        KeyConditionExpression: `${pk} = :pk AND ${sk} <= :now`,
        ExpressionAttributeValues: M({ ':pk': `OPEN#${shard}`, ':now': `${now}#~` }),
      })) {
        yield fromItem(item);
      }
    }
  }
}
