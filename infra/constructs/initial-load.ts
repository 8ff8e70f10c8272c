// The initial load of an existing customer base (docs/initial-load.md):
//
//   POST /admin/loads ─→ initial-load-api ─→ reads the manifest in the load bucket, stores the load,
//                                              queues one message per range
//   load work queue ─(at most maxConcurrency at once)─→ initial-load-worker ─→ customer records
//        │ (5 receives) └─→ load DLQ             (re-enqueues itself; then assesses, then starts a recalibration)
//   GET /admin/loads/{id} ─→ initial-load-api ─→ progress
//
// The work queue's event source caps concurrent workers: with `eventsInFlight` events written at once per
// worker, the load never takes more than maxConcurrency × eventsInFlight × (1–2 writes) of the table's
// throughput, whatever the number of ranges, so live ingestion keeps its share.
import { Duration, Stack, Validations } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { CfnBucket } from 'aws-cdk-lib/aws-s3';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import type { IEventBus } from 'aws-cdk-lib/aws-events';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { IQueue, Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { loadRoutes } from '../../shared/contracts/api/load-routes';
import type { StageConfig } from '../stage-config';
import { CrmFunction } from './crm-function';
import type { CustomerApi } from './customer-api';
import type { Operations } from './operations';
import { SecureBucket } from './secure-bucket';
import { secureQueue } from './secure-queue';

export type InitialLoadProps = {
  config: StageConfig;
  table: ITableV2;
  bus: IEventBus;
  customerApi: CustomerApi;
  /** The recalibration's work queue: the load starts one run when it is done. */
  recalibrationQueue: IQueue;
  operations: Operations;
};

const WORKER_TIMEOUT = Duration.minutes(5);
/** Deliveries of a piece of work before its dead-letter queue; the last one's failure fails the load. */
const MAX_RECEIVE_COUNT = 5;
/** Where workers write the rejected-lines reports; exports go anywhere else in the bucket. */
export const REPORTS_PREFIX = 'reports/';

export class InitialLoad extends Construct {
  readonly bucket: SecureBucket;
  readonly workQueue: Queue;
  readonly deadLetterQueue: Queue;
  readonly api: CrmFunction;
  readonly worker: CrmFunction;

  constructor(scope: Construct, id: string, { config, table, bus, customerApi, recalibrationQueue, operations }: InitialLoadProps) {
    super(scope, id);
    const common = { logRetention: config.logRetentionDays, removalPolicy: config.removalPolicy };

    this.bucket = new SecureBucket(this, 'Exports', { config });
    this.deadLetterQueue = secureQueue(this, 'WorkDeadLetterQueue', { deadLetterFor: 'the initial-load work queue' });
    this.workQueue = secureQueue(this, 'WorkQueue', {
      visibilityTimeout: Duration.seconds(6 * WORKER_TIMEOUT.toSeconds()),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: MAX_RECEIVE_COUNT },
    });
    const scanSegments = String(config.segmentation.scanSegments);

    this.api = new CrmFunction(this, 'Api', {
      functionName: 'initial-load-api',
      description: 'Starts, resumes and reports initial loads of export files',
      timeout: Duration.seconds(29),
      environment: {
        LOAD_BUCKET_NAME: this.bucket.bucket.bucketName,
        LOAD_QUEUE_URL: this.workQueue.queueUrl,
        RANGE_BYTES: String(config.initialLoad.rangeMiB * 1024 * 1024),
        SCAN_SEGMENTS: scanSegments,
        MAX_REJECTED_LINES: String(config.initialLoad.maxRejectedLines),
        ALLOWED_ORIGINS: config.api.allowedOrigins.join(','),
      },
      ...common,
    });
    // Load state (shared/initial-load/adapters/load-store.ts) and the load flag; starting a load writes its ranges.
    this.api.bindTable(table, 'TABLE_NAME', ['BatchWriteItem', 'GetItem', 'PutItem', 'Query', 'UpdateItem']);
    this.grantExports(this.api, { reports: false });
    this.workQueue.grantSendMessages(this.api);
    customerApi.addRoutes(loadRoutes, this.api);

    this.worker = new CrmFunction(this, 'Worker', {
      functionName: 'initial-load-worker',
      description: 'Writes one range of an export into the customer records, continuing across invocations; assesses the loaded base',
      timeout: WORKER_TIMEOUT,
      memorySize: 1024,
      environment: {
        LOAD_BUCKET_NAME: this.bucket.bucket.bucketName,
        LOAD_QUEUE_URL: this.workQueue.queueUrl,
        LOAD_DEAD_LETTER_QUEUE_URL: this.deadLetterQueue.queueUrl,
        RECALIBRATION_QUEUE_URL: recalibrationQueue.queueUrl,
        EVENT_BUS_NAME: bus.eventBusName,
        EVENT_SOURCE: config.eventSource,
        EVENTS_IN_FLIGHT: String(config.initialLoad.eventsInFlight),
        LOAD_MAX_RECEIVE_COUNT: String(MAX_RECEIVE_COUNT),
        SCAN_SEGMENTS: scanSegments,
        SEGMENT_PARAMETERS: JSON.stringify(config.segmentation.parameters),
      },
      ...common,
    });
    // CustomerRecordsWriter, load state, the first segment of each loaded customer (segment store transactions).
    this.worker.bindTable(table, 'TABLE_NAME', ['BatchWriteItem', 'ConditionCheckItem', 'GetItem', 'PutItem', 'Query', 'UpdateItem']);
    // The assessment after a load visits every customer once: a parallel Scan of the table (customer-scan.ts).
    table.grant(this.worker, 'dynamodb:Scan');
    this.grantExports(this.worker, { reports: true });
    this.workQueue.grantSendMessages(this.worker); // continuations and the assessment
    this.deadLetterQueue.grantSendMessages(this.worker); // unreadable messages, with their reason
    recalibrationQueue.grantSendMessages(this.worker);
    bus.grantPutEventsTo(this.worker);
    // One range per invocation (it takes the whole time budget); the ceiling is the write budget.
    this.worker.addEventSource(
      // The ceiling is the stage's concurrency.sqsMaximumByFunction['initial-load-worker'] (CrmFunction applies it).
      new SqsEventSource(this.workQueue, { batchSize: 1, reportBatchItemFailures: true }),
    );

    operations.watchQueue('LoadWorkQueue', this.workQueue, { maxMessageAge: Duration.hours(6) });
    operations.watchDeadLetterQueue('LoadWorkDeadLetterQueue', this.deadLetterQueue);
    operations.watchFunction('InitialLoadApi', this.api);
    operations.watchFunction('InitialLoadWorker', this.worker);
  }

  /**
   * Exactly what the load needs of its bucket: GetObject (and so HeadObject) on any key, since the
   * manifest names the exports; for the worker, ListBucket under reports/ and PutObject there.
   */
  private grantExports(fn: CrmFunction, { reports }: { reports: boolean }) {
    const bucket = this.bucket.bucket;
    fn.addToRolePolicy(new PolicyStatement({ actions: ['s3:GetObject'], resources: [bucket.arnForObjects('*')] }));
    if (reports) {
      fn.addToRolePolicy(new PolicyStatement({ actions: ['s3:PutObject'], resources: [bucket.arnForObjects(`${REPORTS_PREFIX}*`)] }));
      fn.addToRolePolicy(new PolicyStatement({ actions: ['s3:ListBucket'], resources: [bucket.bucketArn], conditions: { StringLike: { 's3:prefix': [`${REPORTS_PREFIX}*`] } } }));
    }
    const logicalId = Stack.of(this).resolve((bucket.node.defaultChild as CfnBucket).logicalId);
    Validations.of(fn.role!).acknowledge({ id: `AwsSolutions-IAM5[Resource::<${logicalId}.Arn>/*]`, reason: 'The manifest names the export files: any key of the load bucket may be one (GetObject only).' });
    if (reports) {
      Validations.of(fn.role!).acknowledge({ id: `AwsSolutions-IAM5[Resource::<${logicalId}.Arn>/${REPORTS_PREFIX}*]`, reason: 'Rejected-lines reports: objects under reports/ named per load and range at run time (PutObject only).' });
    }
  }
}
