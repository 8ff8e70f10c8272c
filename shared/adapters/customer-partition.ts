// Every item of one customer's partition, page after page, strongly consistent: what the erasure works
// through and the export is made of.
import { QueryCommand, type AttributeValue, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { customerPk } from '../domain/record-keys';

export async function* customerPartition(client: DynamoDBClient, tableName: string, customerId: string): AsyncGenerator<Record<string, unknown>> {
  let start: Record<string, AttributeValue> | undefined;
  do {
    const out = await client.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': { S: customerPk(customerId) } },
        ConsistentRead: true,
        ExclusiveStartKey: start,
      }),
    );
    for (const item of out.Items ?? []) yield unmarshall(item);
    start = out.LastEvaluatedKey;
  } while (start);
}
