// The access record (docs/data-protection.md): its own table, which the API functions may only add to
// (dynamodb:PutItem, nothing else) and the access-record API may only read (dynamodb:Query); no role of
// the stack may update or delete an entry, and entries expire by TTL after the stage's retention period.
//
//   customer-api, segmentation-api, complaint-api ─PutItem→ access record ←Query─ access-record-api
//                                                                                   (compliance, /me/accesses)
//
// It also holds the stage's pseudonym key (a generated secret handed to the recording functions through
// a CloudFormation dynamic reference, so its value is never in the template): analysts' pseudonyms and
// the staff references customers are shown are HMACs under it. It is never rotated: a new key would
// give every customer a new pseudonym and break analysts' series; revoke it only by replacing it on purpose.
import { RemovalPolicy, Validations } from 'aws-cdk-lib';
import { MathExpression, Metric } from 'aws-cdk-lib/aws-cloudwatch';
import type { TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { ACCESS_RECORD_TABLE } from '../../shared/adapters/table-layouts';
import { accessRecordRoutes } from '../../shared/contracts/api/access-record-routes';
// Not from shared/runtime: importing it at synth would build the Powertools singletons before a test sets their environment.
import { BREAK_GLASS_METRIC } from '../../shared/data-protection/break-glass';
import type { StageConfig } from '../stage-config';
import { CrmFunction, POWERTOOLS_NAMESPACE } from './crm-function';
import type { CustomerApi } from './customer-api';
import { tableFromLayout } from './layout-table';
import { Platform } from './platform';

export type AccessRecordProps = { config: StageConfig; api: CustomerApi };

export class AccessRecord extends Construct {
  readonly table: TableV2;
  /** Serves the compliance routes and GET /me/accesses. */
  readonly api: CrmFunction;
  private readonly pseudonymKey: Secret;
  private readonly config: StageConfig;
  private readonly recorders: string[] = [];

  constructor(scope: Construct, id: string, { config, api }: AccessRecordProps) {
    super(scope, id);
    this.config = config;
    this.table = tableFromLayout(this, 'Table', ACCESS_RECORD_TABLE, config);

    this.pseudonymKey = new Secret(this, 'PseudonymKey', {
      description: `CRM ${config.stage}: key of analysts' customer pseudonyms and of staff references (HMAC-SHA-256)`,
      generateSecretString: { passwordLength: 64, excludePunctuation: true, includeSpace: false },
      encryptionKey: Platform.of(this)?.dataKey,
      removalPolicy: config.removalPolicy === RemovalPolicy.RETAIN ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    Validations.of(this.pseudonymKey).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason: 'The pseudonym key is deliberately never rotated: pseudonyms must stay stable (docs/data-protection.md).',
    });

    this.api = new CrmFunction(this, 'Api', {
      functionName: 'access-record-api',
      description: 'The access record: compliance lists by customer and by staff, GET /me/accesses',
      memorySize: 256,
      logRetention: config.logRetentionDays,
      removalPolicy: config.removalPolicy,
      environment: { ALLOWED_ORIGINS: config.api.allowedOrigins.join(',') },
    });
    this.api.bindTable(this.table, 'ACCESS_RECORD_TABLE_NAME', ['Query']);
    api.addRoutes(accessRecordRoutes, this.api);
  }

  /** A function that serves personal data: it adds entries (PutItem only) and pseudonymises. */
  recordFrom(fn: CrmFunction) {
    fn.bindTable(this.table, 'ACCESS_RECORD_TABLE_NAME', ['PutItem']);
    fn.addEnvironment('ACCESS_RECORD_RETENTION_DAYS', String(this.config.accessRecord.retentionDays));
    fn.addEnvironment('PSEUDONYM_KEY', this.pseudonymKey.secretValue.unsafeUnwrap());
    this.recorders.push(fn.functionFolder);
  }

  /** Break-glass accesses across every recording function, per 5 minutes: any is alerted. */
  breakGlassAccesses() {
    const usingMetrics = Object.fromEntries(
      this.recorders.map((service, i) => [
        `f${i}`,
        new Metric({ namespace: POWERTOOLS_NAMESPACE, metricName: BREAK_GLASS_METRIC, dimensionsMap: { service }, statistic: 'Sum' }),
      ]),
    );
    return new MathExpression({ expression: Object.keys(usingMetrics).map((k) => `FILL(${k}, 0)`).join(' + ') || '0', usingMetrics, label: 'Break-glass accesses' });
  }
}
