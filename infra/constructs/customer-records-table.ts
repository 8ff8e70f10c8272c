// The customer-records table: layout in shared/adapters/table-layouts.ts (two sparse segment indexes, a
// keys-only stream that feeds segmentation's re-evaluation); item keys in shared/domain/record-keys.ts
// and segment-record-keys.ts.
import type { TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { CUSTOMER_RECORDS_TABLE } from '../../shared/adapters/table-layouts';
import type { StageConfig } from '../stage-config';
import { tableFromLayout } from './layout-table';

export class CustomerRecordsTable extends Construct {
  readonly table: TableV2;

  constructor(scope: Construct, id: string, config: StageConfig) {
    super(scope, id);
    this.table = tableFromLayout(this, 'Table', CUSTOMER_RECORDS_TABLE, config);
  }
}
