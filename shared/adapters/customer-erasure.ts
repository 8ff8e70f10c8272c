// Carries out an erasure on the customer-records table (shared/domain/erasure-plan.ts says what, item by
// item). The tombstone is written before the partition is read, and the read is strongly consistent:
// with the writer's check after each personal insert, no concurrent ingestion can slip an item past both
// (shared/adapters/customer-records-writer.ts). Every step is idempotent: an interrupted erasure is
// finished by approving the request again.
import { ConditionalCheckFailedException, DeleteItemCommand, UpdateItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { customerPartition } from './customer-partition';
import { MARKETING_CHANNELS, MARKETING_PURPOSES } from '../contracts/events/consent';
import { erasureActionFor } from '../domain/erasure-plan';
import { ERASED_AT, PERSONAL_PROFILE_ATTRIBUTES, type Tombstone } from '../domain/personal-data';
import { consentChange, ERASED_CONSENT_GUARD } from '../domain/record-changes';
import { customerPk, PROFILE_SK } from '../domain/record-keys';
import { stripPersonalData } from './customer-records-writer';

export type PartitionErasure = { stripped: number; deleted: number; sealed: number };

export class CustomerErasure {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
  ) {}

  async erase(customerId: string, tombstone: Tombstone): Promise<PartitionErasure> {
    await this.writeTombstone(customerId, tombstone);
    const counts: PartitionErasure = { stripped: 0, deleted: 0, sealed: 0 };
    for await (const item of customerPartition(this.client, this.tableName, customerId)) {
      const key = { PK: String(item.PK), SK: String(item.SK) };
      const action = erasureActionFor(item, tombstone);
      if (action.kind === 'strip') {
        try {
          await this.client.send(stripPersonalData(this.tableName, key, action.personal, action.expiresAt));
          counts.stripped += 1;
        } catch (error) {
          // Gone since the read (its retention ended): nothing left to strip.
          if (!(error instanceof ConditionalCheckFailedException)) throw error;
        }
      } else if (action.kind === 'delete') {
        await this.client.send(new DeleteItemCommand({ TableName: this.tableName, Key: marshall(key) }));
        counts.deleted += 1;
      }
    }
    // Every purpose × channel is sealed, not only those with an item: a late grant for any of them finds
    // a guard it can never beat.
    for (const purpose of MARKETING_PURPOSES) {
      for (const channel of MARKETING_CHANNELS) {
        const change = consentChange(customerId, { purpose, channel, state: 'WITHDRAWN', changedAt: tombstone.erasedAt, changeId: tombstone.erasureRequestId, source: 'CUSTOMER_API' });
        if (change.kind !== 'newerWins') continue;
        await this.client.send(
          new UpdateItemCommand({
            TableName: this.tableName,
            Key: marshall(change.key),
            UpdateExpression: 'SET #g = :sealed, #t = :type, purpose = :p, channel = :c, #s = :withdrawn, changedAt = :at, #src = :src',
            ExpressionAttributeNames: { '#g': change.guard, '#t': 'type', '#s': 'state', '#src': 'source' },
            ExpressionAttributeValues: marshall({
              ':sealed': ERASED_CONSENT_GUARD,
              ':type': 'CONSENT',
              ':p': purpose,
              ':c': channel,
              ':withdrawn': 'WITHDRAWN',
              ':at': tombstone.erasedAt,
              ':src': 'ERASURE',
            }),
          }),
        );
        counts.sealed += 1;
      }
    }
    return counts;
  }

  /** The PROFILE item without personal attributes, marked erased; the first erasure's time stays. */
  private async writeTombstone(customerId: string, t: Tombstone) {
    const names: Record<string, string> = { '#e': ERASED_AT, '#t': 'type' };
    PERSONAL_PROFILE_ATTRIBUTES.forEach((n, i) => (names[`#p${i}`] = n));
    await this.client.send(
      new UpdateItemCommand({
        TableName: this.tableName,
        Key: marshall({ PK: customerPk(customerId), SK: PROFILE_SK }),
        UpdateExpression:
          'SET #e = if_not_exists(#e, :at), #t = :type, customerId = :id, erasureRequestId = :req, retentionYears = :years, retentionRegulation = :reg ' +
          `REMOVE ${PERSONAL_PROFILE_ATTRIBUTES.map((_, i) => `#p${i}`).join(', ')}`,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: marshall({
          ':at': t.erasedAt,
          ':type': 'PROFILE',
          ':id': customerId,
          ':req': t.erasureRequestId,
          ':years': t.retentionYears,
          ':reg': t.retentionRegulation,
        }),
      }),
    );
  }
}
