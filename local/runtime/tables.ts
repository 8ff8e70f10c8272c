// DynamoDB tables as the template declares them (AWS::DynamoDB::Table and TableV2's
// AWS::DynamoDB::GlobalTable): keys, indexes and streams, created in DynamoDB Local.
import {
  CreateTableCommand,
  DescribeTableCommand,
  ResourceInUseException,
  UpdateTimeToLiveCommand,
  type CreateTableCommandInput,
  type DynamoDBClient,
  type GlobalSecondaryIndex,
} from '@aws-sdk/client-dynamodb';
import type { LocalResources } from './local-resources';
import { resourcesOfType, type CfnTemplate } from './template';

export type TableDefinition = {
  logicalId: string;
  input: CreateTableCommandInput;
  timeToLiveAttribute?: string;
};

type Throughput = { ReadCapacityUnits?: number; WriteCapacityUnits?: number };
type CfnIndex = {
  IndexName: string;
  KeySchema: GlobalSecondaryIndex['KeySchema'];
  Projection: GlobalSecondaryIndex['Projection'];
  ProvisionedThroughput?: Throughput;
};
type CfnTableProperties = {
  KeySchema: CreateTableCommandInput['KeySchema'];
  AttributeDefinitions: CreateTableCommandInput['AttributeDefinitions'];
  BillingMode?: 'PAY_PER_REQUEST' | 'PROVISIONED';
  ProvisionedThroughput?: Throughput;
  GlobalSecondaryIndexes?: CfnIndex[];
  LocalSecondaryIndexes?: CfnIndex[];
  StreamSpecification?: { StreamViewType?: 'NEW_IMAGE' | 'OLD_IMAGE' | 'NEW_AND_OLD_IMAGES' | 'KEYS_ONLY' };
  TimeToLiveSpecification?: { AttributeName?: string; Enabled?: boolean };
};

// DynamoDB Local accepts and ignores capacity; provisioned tables only need some numbers.
const throughput = (t?: Throughput) => ({ ReadCapacityUnits: t?.ReadCapacityUnits ?? 5, WriteCapacityUnits: t?.WriteCapacityUnits ?? 5 });

export function tableDefinitions(template: CfnTemplate, resources: LocalResources): TableDefinition[] {
  return resourcesOfType(template, 'AWS::DynamoDB::Table', 'AWS::DynamoDB::GlobalTable').map(({ logicalId, resource }) => {
    const p = resources.resolve<CfnTableProperties>(resource.Properties ?? {});
    // A GlobalTable without BillingMode is provisioned too; TableV2 on demand says PAY_PER_REQUEST.
    const provisioned = p.BillingMode !== 'PAY_PER_REQUEST';
    const input: CreateTableCommandInput = {
      TableName: resources.physicalName(logicalId),
      KeySchema: p.KeySchema,
      AttributeDefinitions: p.AttributeDefinitions,
      BillingMode: provisioned ? 'PROVISIONED' : 'PAY_PER_REQUEST',
      ProvisionedThroughput: provisioned ? throughput(p.ProvisionedThroughput) : undefined,
      GlobalSecondaryIndexes: p.GlobalSecondaryIndexes?.map((index) => ({
        IndexName: index.IndexName,
        KeySchema: index.KeySchema,
        Projection: index.Projection,
        ProvisionedThroughput: provisioned ? throughput(index.ProvisionedThroughput) : undefined,
      })),
      LocalSecondaryIndexes: p.LocalSecondaryIndexes?.map((index) => ({
        IndexName: index.IndexName,
        KeySchema: index.KeySchema,
        Projection: index.Projection,
      })),
      StreamSpecification: p.StreamSpecification?.StreamViewType
        ? { StreamEnabled: true, StreamViewType: p.StreamSpecification.StreamViewType }
        : undefined,
    };
    const ttl = p.TimeToLiveSpecification;
    return { logicalId, input, timeToLiveAttribute: ttl?.Enabled !== false ? ttl?.AttributeName : undefined };
  });
}

/** Create a table unless it exists (data kept on disk by --persist), and learn its stream ARN. */
export async function createTable(client: DynamoDBClient, table: TableDefinition): Promise<{ streamArn?: string }> {
  try {
    await client.send(new CreateTableCommand(table.input));
    if (table.timeToLiveAttribute) {
      // DynamoDB Local records the setting but never deletes expired items.
      await client
        .send(new UpdateTimeToLiveCommand({ TableName: table.input.TableName, TimeToLiveSpecification: { AttributeName: table.timeToLiveAttribute, Enabled: true } }))
        .catch(() => undefined);
    }
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw error;
  }
  const described = await client.send(new DescribeTableCommand({ TableName: table.input.TableName }));
  return { streamArn: described.Table?.LatestStreamArn };
}
