// What complaint routing needs to know about the customer, read-only from the customer-records table:
// the vulnerable flag of the profile (PROFILE item), and the service segment and named relationship
// manager of the current segment assignment (SEGMENT item, written by segmentation; see
// shared/domain/segment-record-keys.ts). Both items are one Query: PROFILE and SEGMENT sort next to each
// other. A customer not segmented yet is STANDARD with no named manager.
import { type DynamoDBClient, QueryCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
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
        // Only what routing needs: no name, contact details or date of birth leave the table.
        ProjectionExpression: 'SK, vulnerable, #segment, managerId',
        ExpressionAttributeNames: { '#segment': 'segment' },
      }),
    );
    const items = (out.Items ?? []).map((i) => unmarshall(i));
    const profile = items.find((i) => i.SK === PROFILE_SK);
    const assignment = items.find((i) => i.SK === SEGMENT_SK);
    const segment: Segment = (SEGMENTS as readonly string[]).includes(assignment?.segment) ? assignment!.segment : 'STANDARD';
    return {
      known: profile !== undefined,
      vulnerable: profile?.vulnerable === true,
      segment,
      ...(typeof assignment?.managerId === 'string' ? { relationshipManagerId: assignment.managerId } : {}),
    };
  }
}
