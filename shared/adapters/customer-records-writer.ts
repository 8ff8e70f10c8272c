// Applies RecordChanges to DynamoDB. Each change is one conditional write; the condition is what
// makes a repeated or stale delivery harmless, so a failed condition is success, not an error.
//
// Erasure (shared/domain/personal-data.ts) costs the hot path nothing it did not pay already:
// - A change whose personal attributes land on the PROFILE item is conditional on that item not being
//   the erasure tombstone; only when the condition fails on a tombstone is the change written again
//   without them (an erased customer's events still move the non-personal facts).
// - An insert that carries personal text (a transaction's counterparty and remittance) cannot name the
//   tombstone in its condition, so once applied it reads the tombstone (strongly consistent, 1 read
//   unit) and, if the customer is erased, strips the text again. After the write, not before: the erasure
//   writes the tombstone before it reads the partition, so either it sees this item or this read sees
//   its tombstone. A redelivered insert finds its item there and reads nothing.
import {
  ConditionalCheckFailedException,
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { ERASED_AT, retainUntilEpochSeconds, type Tombstone } from '../domain/personal-data';
import type { RecordChange, RecordKey } from '../domain/record-changes';
import { PROFILE_SK } from '../domain/record-keys';

export type ApplyOutcome = 'applied' | 'unchanged';

export type WriteCost = { writeUnits: number; readUnits?: number };

type Capacity = { ConsumedCapacity?: { CapacityUnits?: number } };

/**
 * The update that removes an item's personal attributes and, when given, lets DynamoDB's TTL delete it
 * when retention ends. Conditional on the item existing, so it never creates a fragment of one.
 */
export function stripPersonalData(tableName: string, key: RecordKey, personal: readonly string[], expiresAt?: number) {
  const names: Record<string, string> = Object.fromEntries(personal.map((n, i) => [`#p${i}`, n]));
  const sets = ['#erased = :true'];
  const values: Record<string, unknown> = { ':true': true };
  names['#erased'] = 'personalDataErased';
  if (expiresAt !== undefined) {
    names['#exp'] = 'expiresAt';
    values[':exp'] = expiresAt;
    sets.push('#exp = :exp');
  }
  return new UpdateItemCommand({
    TableName: tableName,
    Key: marshall(key),
    UpdateExpression: `SET ${sets.join(', ')}${personal.length ? ` REMOVE ${personal.map((_, i) => `#p${i}`).join(', ')}` : ''}`,
    ConditionExpression: 'attribute_exists(PK)',
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: marshall(values),
  });
}

/**
 * Writes that are mostly of items not in the table yet (an initial load into a new base) may try a
 * newer-wins change first as the conditional PutItem of the item it would create (`attribute_not_exists`):
 * on an absent item the update would create exactly that item (its key, its guard, its attributes), so
 * the result is the same, for the write unit of a plain insert. When the item is there the put's
 * condition fails and the change is written as usual. Found items turn it off (a rerun, a resumed
 * window, live data loaded before): with half or more of the recent tries finding their item there,
 * only one change in 16 is tried first, so a load over an existing base pays about 1/16 more.
 */
export class NewItemsFirst {
  private tried = 0;
  private found = 0;
  private skipped = 0;

  shouldTry(): boolean {
    if (this.tried < 32 || this.found * 2 < this.tried) return true;
    return ++this.skipped % 16 === 0;
  }

  record(found: boolean) {
    this.tried += 1;
    if (found) this.found += 1;
    if (this.tried >= 512) {
      // Recent tries count, not the whole range: a rerun window followed by new lines turns it back on.
      this.tried /= 2;
      this.found /= 2;
    }
  }
}

export class CustomerRecordsWriter {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
    /** Set by benchmarks to ask DynamoDB what each write cost. */
    private readonly cost?: WriteCost,
  ) {}

  /** `newItemsFirst`: see NewItemsFirst (the initial load's worker passes one per range). */
  async apply(changes: RecordChange[], newItemsFirst?: NewItemsFirst): Promise<ApplyOutcome[]> {
    // Changes of one event touch different items and commute, so they can go in parallel.
    return Promise.all(changes.map((c) => this.applyOne(c, newItemsFirst)));
  }

  private async applyOne(change: RecordChange, newItemsFirst?: NewItemsFirst): Promise<ApplyOutcome> {
    if (change.kind === 'insertOnce') {
      const outcome = await this.conditional(this.insertOnce(change));
      if (outcome.applied && change.personal?.length) await this.stripIfErased(change);
      return outcome.applied ? 'applied' : 'unchanged';
    }
    if (newItemsFirst?.shouldTry()) {
      const created = await this.conditional(this.createdBy(change));
      newItemsFirst.record(!created.applied);
      if (created.applied) return 'applied';
    }
    const outcome = await this.conditional(this.newerWins(change, change.personal?.length ? 'notErased' : 'any'));
    if (outcome.applied) return 'applied';
    if (!change.personal?.length || outcome.old?.[ERASED_AT] === undefined) return 'unchanged';
    // The item is a tombstone: the same change without its personal attributes.
    const set = Object.fromEntries(Object.entries(change.set).filter(([name]) => !change.personal!.includes(name)));
    const again = await this.conditional(this.newerWins({ ...change, set, personal: [] }, 'erased'));
    return again.applied ? 'applied' : 'unchanged';
  }

  /** Sends a conditional write: a failed condition is an outcome, with the item as it was when asked for. */
  private async conditional(command: PutItemCommand | UpdateItemCommand): Promise<{ applied: boolean; old?: Record<string, unknown> }> {
    try {
      const out = (await this.client.send(command as UpdateItemCommand)) as Capacity;
      this.count('writeUnits', out.ConsumedCapacity?.CapacityUnits);
      return { applied: true };
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) {
        // A failed condition still costs write units; DynamoDB reports them on the error.
        this.count('writeUnits', (error as Capacity).ConsumedCapacity?.CapacityUnits);
        return { applied: false, ...(error.Item ? { old: unmarshall(error.Item) } : {}) };
      }
      throw error;
    }
  }

  private async stripIfErased(change: Extract<RecordChange, { kind: 'insertOnce' }>) {
    const out = await this.client.send(
      new GetItemCommand({
        TableName: this.tableName,
        Key: marshall({ PK: change.key.PK, SK: PROFILE_SK }),
        ConsistentRead: true,
        ProjectionExpression: '#e, retentionYears',
        ExpressionAttributeNames: { '#e': ERASED_AT },
        ReturnConsumedCapacity: this.cost ? 'TOTAL' : undefined,
      }),
    );
    this.count('readUnits', out.ConsumedCapacity?.CapacityUnits);
    const tombstone = out.Item ? (unmarshall(out.Item) as Partial<Tombstone>) : undefined;
    if (!tombstone?.erasedAt) return;
    const factAt = typeof change.item.occurredAt === 'string' ? change.item.occurredAt : tombstone.erasedAt;
    const expiresAt = tombstone.retentionYears !== undefined ? retainUntilEpochSeconds(factAt, tombstone.erasedAt, tombstone.retentionYears) : undefined;
    await this.conditional(stripPersonalData(this.tableName, change.key, change.personal!, expiresAt));
  }

  private count(kind: 'writeUnits' | 'readUnits', units: number | undefined) {
    if (this.cost && units) this.cost[kind] = (this.cost[kind] ?? 0) + units;
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

  /** The item a newer-wins change creates when its item is absent, put only if it is absent. */
  private createdBy(change: Extract<RecordChange, { kind: 'newerWins' }>) {
    return new PutItemCommand({
      TableName: this.tableName,
      Item: marshall({ ...change.set, [change.guard]: change.guardValue, ...change.key }),
      ConditionExpression: 'attribute_not_exists(PK)',
      ReturnConsumedCapacity: this.cost ? 'TOTAL' : undefined,
      ReturnValuesOnConditionCheckFailure: 'NONE',
    });
  }

  /** `tombstone`: 'notErased' refuses a tombstone (and returns it), 'erased' writes only onto one. */
  private newerWins(change: Extract<RecordChange, { kind: 'newerWins' }>, tombstone: 'any' | 'notErased' | 'erased') {
    const names: Record<string, string> = { '#guard': change.guard };
    const values: Record<string, unknown> = { ':guard': change.guardValue };
    const assignments = ['#guard = :guard'];
    Object.entries(change.set).forEach(([name, value], i) => {
      names[`#a${i}`] = name;
      values[`:a${i}`] = value;
      assignments.push(`#a${i} = :a${i}`);
    });
    const newer = '(attribute_not_exists(#guard) OR #guard < :guard)';
    if (tombstone !== 'any') names['#erased'] = ERASED_AT;
    return new UpdateItemCommand({
      TableName: this.tableName,
      Key: marshall(change.key),
      UpdateExpression: `SET ${assignments.join(', ')}`,
      ConditionExpression:
        tombstone === 'any' ? newer : tombstone === 'notErased' ? `${newer} AND attribute_not_exists(#erased)` : `${newer} AND attribute_exists(#erased)`,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: marshall(values),
      ReturnConsumedCapacity: this.cost ? 'TOTAL' : undefined,
      ...(tombstone === 'notErased' ? { ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const } : {}),
    });
  }
}
