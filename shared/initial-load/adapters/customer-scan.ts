// The customers of the table, one parallel-scan segment a page at a time: the assessment after a load
// visits each customer once, by its profile item. A Scan reads every item of the segment (the filter
// applies after the read), so it costs the table's size in read units once per load, not per customer.
import { ScanCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { PROFILE_SK } from '../../domain/record-keys';
import { customerIdOf } from '../../domain/segment-record-keys';

export type CustomerPage = { customerIds: string[]; next?: Record<string, unknown> };

export class CustomerScan {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
  ) {}

  async page(segment: number, totalSegments: number, startKey?: Record<string, unknown>): Promise<CustomerPage> {
    const out = await this.client.send(
      new ScanCommand({
        TableName: this.tableName,
        Segment: segment,
        TotalSegments: totalSegments,
        FilterExpression: 'SK = :profile',
        ProjectionExpression: 'PK',
        ExpressionAttributeValues: { ':profile': { S: PROFILE_SK } },
        ExclusiveStartKey: startKey as ScanCommand['input']['ExclusiveStartKey'],
        Limit: 2000,
      }),
    );
    const customerIds = (out.Items ?? []).map((i) => customerIdOf(i.PK!.S!)).filter((id): id is string => id !== undefined);
    return { customerIds, ...(out.LastEvaluatedKey ? { next: out.LastEvaluatedKey } : {}) };
  }
}
