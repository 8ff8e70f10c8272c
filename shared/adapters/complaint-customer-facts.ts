// What complaint routing needs to know about the customer, read-only from the customer-records table:
// the vulnerable flag of the profile (PROFILE item), and the service segment and named relationship
// manager of the current segment assignment (SEGMENT item, written by segmentation; see
// shared/domain/segment-record-keys.ts). One customer: one Query (PROFILE and SEGMENT sort next to each
// other). Several (the router's stream batch): one BatchGetItem of both items of each, the same answer.
// A customer not segmented yet is STANDARD with no named manager.
import { BatchGetItemCommand, type DynamoDBClient, QueryCommand } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { SEGMENTS, type Segment } from '../domain/segment-parameters';
import { customerPk, PROFILE_SK } from '../domain/record-keys';
import { SEGMENT_SK } from '../domain/segment-record-keys';

export interface CustomerFacts {
  /** A profile exists: the customer is known to the bank's records. */
  readonly known: boolean;
  readonly segment: Segment;
  readonly relationshipManagerId?: string;
  readonly vulnerable: boolean;
}

export interface CustomerFactsSource {
  factsOf(customerId: string): Promise<CustomerFacts>;
}

export interface BatchFactsSource {
  /** The facts of several customers at once, each id once in the answer. */
  factsOfMany(customerIds: readonly string[]): Promise<Map<string, CustomerFacts>>;
}

// Only what routing needs: no name, contact details or date of birth leave the table.
const PROJECTION = { ProjectionExpression: 'PK, SK, vulnerable, #segment, managerId', ExpressionAttributeNames: { '#segment': 'segment' } };

const factsFrom = (items: Record<string, unknown>[]): CustomerFacts => {
  const profile = items.find((i) => i.SK === PROFILE_SK);
  const assignment = items.find((i) => i.SK === SEGMENT_SK);
  const segment: Segment = (SEGMENTS as readonly unknown[]).includes(assignment?.segment) ? (assignment!.segment as Segment) : 'STANDARD';
  return {
    known: profile !== undefined,
    vulnerable: profile?.vulnerable === true,
    segment,
    ...(typeof assignment?.managerId === 'string' ? { relationshipManagerId: assignment.managerId } : {}),
  };
};

/** One customer's facts, one Query (the complaint API). */
export class CustomerRecordsFacts implements CustomerFactsSource {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
  ) {}

  async factsOf(customerId: string): Promise<CustomerFacts> {
    const out = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'PK = :pk AND SK BETWEEN :profile AND :segment',
        ExpressionAttributeValues: { ':pk': { S: customerPk(customerId) }, ':profile': { S: PROFILE_SK }, ':segment': { S: SEGMENT_SK } },
        ...PROJECTION,
      }),
    );
    return factsFrom((out.Items ?? []).map((i) => unmarshall(i)));
  }
}

/**
 * The facts of a stream batch's customers, one BatchGetItem (the router): at most 50 customers (100
 * keys; the router's batches are of 10). Keys DynamoDB leaves unprocessed (throttling) fail the read,
 * and with it the batch's records, which the stream mapping retries.
 */
export class CustomerRecordsBatchFacts implements BatchFactsSource {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
  ) {}

  async factsOfMany(customerIds: readonly string[]): Promise<Map<string, CustomerFacts>> {
    const ids = [...new Set(customerIds)];
    const out = await this.client.send(
      new BatchGetItemCommand({
        RequestItems: { [this.tableName]: { Keys: ids.flatMap((id) => [PROFILE_SK, SEGMENT_SK].map((SK) => marshall({ PK: customerPk(id), SK }))), ...PROJECTION } },
      }),
    );
    if (out.UnprocessedKeys?.[this.tableName]) throw new Error('BatchGetItem left customer-record keys unprocessed');
    const items = (out.Responses?.[this.tableName] ?? []).map((i) => unmarshall(i));
    return new Map(ids.map((id) => [id, factsFrom(items.filter((i) => i.PK === customerPk(id)))]));
  }
}
