// The relationship-manager roster kept by admins: one item per manager in the branch's partition.
// The load is only ever changed by assignment transactions (segment-store.ts); admins set the rest.
import { UpdateItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { branchPk, managerSk } from '../domain/segment-record-keys';
import type { RelationshipManager } from '../domain/segmentation/relationship-managers';

export class SegmentRoster {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
  ) {}

  /** Adds the manager (load 0) or changes name and capacity; a manager who had left is back. */
  async put(branchId: string, managerId: string, o: { name: string; capacity: number }): Promise<RelationshipManager> {
    const out = await this.client.send(
      new UpdateItemCommand({
        TableName: this.tableName,
        Key: marshall({ PK: branchPk(branchId), SK: managerSk(managerId) }),
        UpdateExpression: 'SET #type = :type, managerId = :m, branchId = :b, #name = :n, #capacity = :c, #active = :true, #load = if_not_exists(#load, :zero)',
        ExpressionAttributeNames: { '#type': 'type', '#name': 'name', '#capacity': 'capacity', '#active': 'active', '#load': 'load' },
        ExpressionAttributeValues: marshall({ ':type': 'RELATIONSHIP_MANAGER', ':m': managerId, ':b': branchId, ':n': o.name, ':c': o.capacity, ':true': true, ':zero': 0 }),
        ReturnValues: 'ALL_NEW',
      }),
    );
    return unmarshall(out.Attributes!) as RelationshipManager;
  }

  /** Marks the manager as left; undefined when there is no such manager. */
  async leave(branchId: string, managerId: string): Promise<RelationshipManager | undefined> {
    try {
      const out = await this.client.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: marshall({ PK: branchPk(branchId), SK: managerSk(managerId) }),
          UpdateExpression: 'SET #active = :false',
          ConditionExpression: 'attribute_exists(PK)',
          ExpressionAttributeNames: { '#active': 'active' },
          ExpressionAttributeValues: marshall({ ':false': false }),
          ReturnValues: 'ALL_NEW',
        }),
      );
      return unmarshall(out.Attributes!) as RelationshipManager;
    } catch (error) {
      if ((error as Error).name === 'ConditionalCheckFailedException') return undefined;
      throw error;
    }
  }
}
