// The complaints table: its own table, keyed and indexed as shared/adapters/complaint-table-keys.ts
// describes (the layout, the four sparse indexes and why). Declared from COMPLAINTS_TABLE, built from the
// same INDEXES the store queries, so the two cannot drift apart.
import type { TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { COMPLAINTS_TABLE } from '../../shared/adapters/table-layouts';
import type { StageConfig } from '../stage-config';
import { tableFromLayout } from './layout-table';

export class ComplaintsTable extends Construct {
  readonly table: TableV2;

  constructor(scope: Construct, id: string, config: StageConfig) {
    super(scope, id);
    this.table = tableFromLayout(this, 'Table', COMPLAINTS_TABLE, config);
  }
}
