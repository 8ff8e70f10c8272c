// The customer-records table (see shared/domain/record-keys.ts and segment-record-keys.ts for the item
// layout). One index, sparse: only segment assignments carry its keys, so ingestion's writes cost what
// they did. A keys-only stream feeds segmentation's re-evaluation.
import { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, Billing, ProjectionType, StreamViewType, TableEncryptionV2, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { SEGMENT_INDEX, SEGMENT_INDEX_PK, SEGMENT_INDEX_SK } from '../../shared/domain/segment-record-keys';
import { SEGMENT_INDEX_PROJECTION } from '../../shared/domain/segment-index';
import { Construct } from 'constructs';
import type { StageConfig } from '../stage-config';

export class CustomerRecordsTable extends Construct {
  readonly table: TableV2;

  constructor(scope: Construct, id: string, config: StageConfig) {
    super(scope, id);
    this.table = new TableV2(this, 'Table', {
      partitionKey: { name: 'PK', type: AttributeType.STRING },
      sortKey: { name: 'SK', type: AttributeType.STRING },
      billing: Billing.onDemand(),
      encryption: TableEncryptionV2.awsManagedKey(),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: config.deletionProtection,
      removalPolicy: config.removalPolicy === RemovalPolicy.RETAIN ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
      dynamoStream: StreamViewType.KEYS_ONLY,
      globalSecondaryIndexes: [
        {
          indexName: SEGMENT_INDEX,
          partitionKey: { name: SEGMENT_INDEX_PK, type: AttributeType.STRING },
          sortKey: { name: SEGMENT_INDEX_SK, type: AttributeType.NUMBER },
          projectionType: ProjectionType.INCLUDE,
          nonKeyAttributes: [...SEGMENT_INDEX_PROJECTION],
        },
      ],
    });
  }
}
