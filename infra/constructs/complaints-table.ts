// The complaints table: its own table, keyed and indexed as shared/adapters/complaint-table-keys.ts
// describes (the layout, the four sparse indexes and why). The indexes are declared from the same
// INDEXES the store queries, so the two cannot drift apart.
import { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, Billing, ProjectionType, TableEncryptionV2, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { INDEXES } from '../../shared/adapters/complaint-table-keys';
import type { StageConfig } from '../stage-config';

export class ComplaintsTable extends Construct {
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
      // Idempotency keys expire after a day (IDEMPOTENCY_TTL_SECONDS); nothing else carries the attribute.
      timeToLiveAttribute: 'expiresAt',
      removalPolicy: config.removalPolicy === RemovalPolicy.RETAIN ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
      globalSecondaryIndexes: Object.values(INDEXES).map((index) => ({
        indexName: index.name,
        partitionKey: { name: index.pk, type: AttributeType.STRING },
        sortKey: { name: index.sk, type: AttributeType.STRING },
        projectionType: ProjectionType.ALL,
      })),
    });
  }
}
