// A DynamoDB table as the bank runs every table of this stack (on demand, AWS-managed encryption, point-in-
// time recovery, deletion protection and RETAIN where the stage says so), keyed and indexed from its
// layout in shared/adapters/table-layouts.ts, the same data the tests create their tables from.
import { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, Billing, ProjectionType, StreamViewType, TableEncryptionV2, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import type { Construct } from 'constructs';
import type { KeyAttribute, TableLayout } from '../../shared/adapters/table-layouts';
import type { StageConfig } from '../stage-config';

const attribute = (k: KeyAttribute) => ({ name: k.name, type: k.type === 'N' ? AttributeType.NUMBER : AttributeType.STRING });

export function tableFromLayout(scope: Construct, id: string, layout: TableLayout, config: StageConfig): TableV2 {
  return new TableV2(scope, id, {
    partitionKey: attribute(layout.partitionKey),
    sortKey: attribute(layout.sortKey),
    billing: Billing.onDemand(),
    encryption: TableEncryptionV2.awsManagedKey(),
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
    deletionProtection: config.deletionProtection,
    removalPolicy: config.removalPolicy === RemovalPolicy.RETAIN ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    ...(layout.stream === 'KEYS_ONLY' ? { dynamoStream: StreamViewType.KEYS_ONLY } : {}),
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
