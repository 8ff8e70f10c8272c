// Who looks after a customer, for need-to-know (shared/data-protection/need-to-know.ts): the profile's
// home branch and the segment assignment's branch and named manager. One Query of two items, projected
// to those attributes: no name, contact detail or figure leaves the table for an authorization check.
import { QueryCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { CustomerScope } from '../data-protection/need-to-know';
import { customerPk, PROFILE_SK } from '../domain/record-keys';
import { SEGMENT_SK } from '../domain/segment-record-keys';

export class CustomerScopeReader {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
  ) {}

  /** undefined for a customer the table does not know. */
  async scopeOf(customerId: string): Promise<CustomerScope | undefined> {
    const out = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'PK = :pk AND SK BETWEEN :profile AND :segment',
        ExpressionAttributeValues: { ':pk': { S: customerPk(customerId) }, ':profile': { S: PROFILE_SK }, ':segment': { S: SEGMENT_SK } },
        ProjectionExpression: 'SK, homeBranchId, branchId, managerId',
      }),
    );
    const items = (out.Items ?? []).map((i) => unmarshall(i)).filter((i) => i.SK === PROFILE_SK || i.SK === SEGMENT_SK);
    if (items.length === 0) return undefined;
    const strings = (key: string) => [...new Set(items.map((i) => i[key]).filter((v): v is string => typeof v === 'string'))];
    return { branchIds: [...strings('homeBranchId'), ...strings('branchId')], managerIds: strings('managerId') };
  }
}
