// A table created in DynamoDB Local from its layout (shared/adapters/table-layouts.ts), under a fresh
// name: what the tests and benchmarks run against, shaped as infra/ declares the deployed table.
import { CreateTableCommand, UpdateTimeToLiveCommand, type CreateTableCommandInput, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { randomUUID } from 'node:crypto';
import type { KeyAttribute, TableLayout } from '../../shared/adapters/table-layouts';

export function createTableInput(layout: TableLayout, tableName: string): CreateTableCommandInput {
  const attributes = new Map<string, KeyAttribute>();
  for (const k of [layout.partitionKey, layout.sortKey, ...layout.indexes.flatMap((i) => [i.partitionKey, i.sortKey])]) attributes.set(k.name, k);
  const keys = (pk: KeyAttribute, sk: KeyAttribute) => [
    { AttributeName: pk.name, KeyType: 'HASH' as const },
    { AttributeName: sk.name, KeyType: 'RANGE' as const },
  ];
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [...attributes.values()].map((k) => ({ AttributeName: k.name, AttributeType: k.type })),
    KeySchema: keys(layout.partitionKey, layout.sortKey),
    ...(layout.indexes.length
      ? {
          GlobalSecondaryIndexes: layout.indexes.map((i) => ({
            IndexName: i.name,
            KeySchema: keys(i.partitionKey, i.sortKey),
            Projection: i.projection === 'ALL' ? { ProjectionType: 'ALL' as const } : { ProjectionType: 'INCLUDE' as const, NonKeyAttributes: [...i.projection] },
          })),
        }
      : {}),
    ...(layout.stream ? { StreamSpecification: { StreamEnabled: true, StreamViewType: layout.stream } } : {}),
  };
}

/** A new table of this layout named `<prefix>-<uuid>`, and its stream's ARN when it has one. */
export async function createLayoutTable(client: DynamoDBClient, layout: TableLayout, prefix: string): Promise<{ tableName: string; streamArn?: string }> {
  const tableName = `${prefix}-${randomUUID()}`;
  const out = await client.send(new CreateTableCommand(createTableInput(layout, tableName)));
  if (layout.timeToLiveAttribute) {
    await client.send(new UpdateTimeToLiveCommand({ TableName: tableName, TimeToLiveSpecification: { AttributeName: layout.timeToLiveAttribute, Enabled: true } }));
  }
  return { tableName, streamArn: out.TableDescription?.LatestStreamArn };
}
