// What complaint routing needs to know about the customer, read-only from the customer-records table:
// the vulnerable flag of the profile, and the service segment and relationship manager.
//
// SEAM: segments and relationship managers are being integrated by the segmentation work; until their
// stored assignment exists, every customer is STANDARD with no named manager. Reading them is a change to
// `segmentOf` in this file only: routing, deadlines and priority already take any ServiceSegment.
import { type DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { ServiceSegment } from '../domain/complaints/service-levels';
import { customerPk, PROFILE_SK } from '../domain/record-keys';

export interface CustomerFacts {
  /** A profile exists: the customer is known to the bank's records. */
  readonly known: boolean;
  readonly segment: ServiceSegment;
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
      new GetItemCommand({
        TableName: this.tableName,
        Key: { PK: { S: customerPk(customerId) }, SK: { S: PROFILE_SK } },
        // Only what routing needs: no name, contact details or date of birth leave the table.
        ProjectionExpression: 'vulnerable',
      }),
    );
    const profile = out.Item ? unmarshall(out.Item) : undefined;
    return { known: profile !== undefined, vulnerable: profile?.vulnerable === true, ...segmentOf() };
  }
}

/** Until segment assignments are stored: STANDARD, no relationship manager (see the header). */
const segmentOf = (): { segment: ServiceSegment; relationshipManagerId?: string } => ({ segment: 'STANDARD' });
