// Applies RecordChanges to DynamoDB. Each change is one conditional write; the condition is what
// makes a repeated or stale delivery harmless, so a failed condition is success, not an error.
import {
  ConditionalCheckFailedException,
  PutItemCommand,
  UpdateItemCommand,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { RecordChange } from '../domain/record-changes';

export type ApplyOutcome = 'applied' | 'unchanged';

export type WriteCost = { writeUnits: number };

export class CustomerRecordsWriter {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
    /** Set by benchmarks to ask DynamoDB what each write cost. */
    private readonly cost?: WriteCost,
  ) {}

  async apply(changes: RecordChange[]): Promise<ApplyOutcome[]> {
    // Changes of one event touch different items and commute, so they can go in parallel.
    return Promise.all(changes.map((c) => this.applyOne(c)));
  }

  private async applyOne(change: RecordChange): Promise<ApplyOutcome> {
    try {
      const out =
        change.kind === 'insertOnce'
          ? await this.client.send(this.insertOnce(change))
          : await this.client.send(this.newerWins(change));
      this.count(out.ConsumedCapacity?.CapacityUnits);
      return 'applied';
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) {
        // A failed condition still costs write units; DynamoDB reports them on the error.
        this.count((error as { ConsumedCapacity?: { CapacityUnits?: number } }).ConsumedCapacity?.CapacityUnits);
        return 'unchanged';
      }
      throw error;
    }
  }

  private count(units: number | undefined) {
    if (this.cost && units) this.cost.writeUnits += units;
  }

  private insertOnce(change: Extract<RecordChange, { kind: 'insertOnce' }>) {
    return new PutItemCommand({
      TableName: this.tableName,
      Item: marshall({ ...change.item, ...change.key }),
      ConditionExpression: 'attribute_not_exists(PK)',
      ReturnConsumedCapacity: this.cost ? 'TOTAL' : undefined,
      ReturnValuesOnConditionCheckFailure: 'NONE',
    });
  }

  private newerWins(change: Extract<RecordChange, { kind: 'newerWins' }>) {
    const names: Record<string, string> = { '#guard': change.guard };
    const values: Record<string, unknown> = { ':guard': change.guardValue };
    const assignments = ['#guard = :guard'];
    Object.entries(change.set).forEach(([name, value], i) => {
      names[`#a${i}`] = name;
      values[`:a${i}`] = value;
      assignments.push(`#a${i} = :a${i}`);
    });
    return new UpdateItemCommand({
      TableName: this.tableName,
      Key: marshall(change.key),
      UpdateExpression: `SET ${assignments.join(', ')}`,
      ConditionExpression: 'attribute_not_exists(#guard) OR #guard < :guard',
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: marshall(values),
      ReturnConsumedCapacity: this.cost ? 'TOTAL' : undefined,
    });
  }
}
