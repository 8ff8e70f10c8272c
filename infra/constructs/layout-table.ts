// A DynamoDB table as the bank runs every table of this stack (on demand, encrypted under the stage's key or the AWS-managed one, point-in-
// time recovery, deletion protection and RETAIN where the stage says so), keyed and indexed from its
// layout in shared/adapters/table-layouts.ts, the same data the tests create their tables from.
import { RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import { AttributeType, Billing, ProjectionType, StreamViewType, TableEncryptionV2, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import type { Construct } from 'constructs';
import type { KeyAttribute, TableLayout } from '../../shared/adapters/table-layouts';
import type { StageConfig } from '../stage-config';
import { Platform } from './platform';

const attribute = (k: KeyAttribute) => ({ name: k.name, type: k.type === 'N' ? AttributeType.NUMBER : AttributeType.STRING });

export function tableFromLayout(scope: Construct, id: string, layout: TableLayout, config: StageConfig): TableV2 {
  // The stage's customer-managed key when it has one (Platform), else the AWS-managed key.
  const key = Platform.of(scope)?.dataKey;
  // A TableV2's replica names its key by region: a customer-managed key needs a stack bound to one.
  if (key && Token.isUnresolved(Stack.of(scope).region)) {
    throw new Error(`Table ${id}: customer-managed keys need the stage's region; set region in the stage settings (docs/production.md).`);
  }
  return new TableV2(scope, id, {
    partitionKey: attribute(layout.partitionKey),
    sortKey: attribute(layout.sortKey),
    billing: Billing.onDemand(),
    encryption: key ? TableEncryptionV2.customerManagedKey(key) : TableEncryptionV2.awsManagedKey(),
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
    deletionProtection: config.deletionProtection,
    removalPolicy: config.removalPolicy === RemovalPolicy.RETAIN ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    ...(layout.stream ? { dynamoStream: layout.stream === 'NEW_IMAGE' ? StreamViewType.NEW_IMAGE : StreamViewType.KEYS_ONLY } : {}),
    ...(layout.timeToLiveAttribute ? { timeToLiveAttribute: layout.timeToLiveAttribute } : {}),
    globalSecondaryIndexes: layout.indexes.map((index) => ({
      indexName: index.name,
      partitionKey: attribute(index.partitionKey),
      sortKey: attribute(index.sortKey),
      ...(index.projection === 'ALL'
        ? { projectionType: ProjectionType.ALL }
        : { projectionType: ProjectionType.INCLUDE, nonKeyAttributes: [...index.projection] }),
    })),
  });
}
