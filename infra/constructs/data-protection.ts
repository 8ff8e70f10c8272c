// Data protection (issue 14, docs/data-protection-erasure.md): a function of its own serves the
// customer's consent, erasure request and export, and compliance's approval of erasures. It is the only
// API function that writes customer records and complaints outside their own flows, so its grants are
// kept apart from the read-only customer API.
//
//   PUT /me/consents/…, POST /me/erasure-requests, GET /me/export, /admin/erasure-requests…
//     ─→ data-protection-api ─→ customer-records (consent, requests, erasure), complaints (erasure, export)
//                            ─→ bus: CustomerMarketingConsentChanged (source crm.data-protection only)
import { Duration } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { IEventBus } from 'aws-cdk-lib/aws-events';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { dataProtectionRoutes } from '../../shared/contracts/api/data-protection-routes';
import { DATA_PROTECTION_SOURCE } from '../../shared/contracts/events/consent-changed';
import type { StageConfig } from '../stage-config';
import { CrmFunction } from './crm-function';
import type { CustomerApi } from './customer-api';

export type DataProtectionProps = { config: StageConfig; bus: IEventBus; customerRecords: ITable; complaints: ITable; customerApi: CustomerApi };

export class DataProtection extends Construct {
  readonly api: CrmFunction;

  constructor(scope: Construct, id: string, { config, bus, customerRecords, complaints, customerApi }: DataProtectionProps) {
    super(scope, id);
    const retention = config.dataProtection.financialRecordRetention;
    this.api = new CrmFunction(this, 'Api', {
      functionName: 'data-protection-api',
      description: 'Consent, erasure requests and approval, data export',
      // An approval erases a whole partition in one request: API Gateway's 29 s is the real limit.
      timeout: Duration.seconds(29),
      memorySize: 512,
      logRetention: config.logRetentionDays,
      removalPolicy: config.removalPolicy,
      environment: {
        ALLOWED_ORIGINS: config.api.allowedOrigins.join(','),
        RETENTION_YEARS: String(retention.years),
        RETENTION_REGULATION: retention.regulation,
        EVENT_BUS_NAME: bus.eventBusName,
      },
    });
    // A consent change through the app is announced on the bus, under this function's own source only:
    // it can never publish as core banking, segmentation or complaints.
    this.api.addToRolePolicy(
      new PolicyStatement({
        actions: ['events:PutEvents'],
        resources: [bus.eventBusArn],
        conditions: { StringEquals: { 'events:source': DATA_PROTECTION_SOURCE } },
      }),
    );
    // ConsentStore (Query, newer-wins UpdateItem), ErasureRequests (TransactWriteItems of Put/Update, Get,
    // Query), CustomerErasure (Query, UpdateItem, DeleteItem), the export (Query).
    this.api.bindTable(customerRecords, 'TABLE_NAME', ['GetItem', 'Query', 'PutItem', 'UpdateItem', 'DeleteItem']);
    // ComplaintStore: the byCustomer index, get, history, and the erasure's rewrite (PutItem).
    this.api.bindTable(complaints, 'COMPLAINTS_TABLE_NAME', ['GetItem', 'Query', 'PutItem']);
    customerApi.addRoutes(dataProtectionRoutes, this.api);
    // Compliance's reads and approvals of erasure requests are recorded (PutItem on the access record).
    customerApi.accessRecord.recordFrom(this.api);
  }
}
