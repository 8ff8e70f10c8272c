// ISO 20022 camt messages in: files through a bucket, single messages through a queue.
//
//   bank → bucket (SecureBucket, incoming/) ─ObjectCreated→ file queue ─→ camt-files ─→ bus (<source>.iso20022)
//                                   (5 receives) └→ file DLQ        │ (near its timeout) └→ file queue (the rest)
//   payment hub → message queue ─→ camt-messages ─→ bus          rejected whole → the queue's DLQ with its reason
//   both ─→ camt ingestion table (processing record, rejected entries); accounts → customer records (owners, parked)
//   staff ─→ /admin/camt-files… ─→ camt-api ─→ camt ingestion table (read); a redrive ─→ file queue ─→ camt-files
import { Duration, Stack, Validations, type CfnElement } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { ITableV2, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { CAMT_INGESTION_TABLE } from '../../shared/adapters/table-layouts';
import { camtRoutes } from '../../shared/contracts/api/camt-routes';
import type { StageConfig } from '../stage-config';
import { CrmFunction } from './crm-function';
import type { CustomerApi } from './customer-api';
import type { EventIngestion } from './event-ingestion';
import { tableFromLayout } from './layout-table';
import type { Operations } from './operations';
import { SecureBucket } from './secure-bucket';
import { secureQueue, type SecureQueueProps } from './secure-queue';

export type CamtIngestionProps = { config: StageConfig; customerRecords: ITableV2; ingestion: EventIngestion; operations: Operations; customerApi: CustomerApi };

/** Where the bank's systems put camt files. */
export const CAMT_INCOMING_PREFIX = 'incoming/';
const FILE_TIMEOUT = Duration.minutes(15);
const MESSAGE_TIMEOUT = Duration.seconds(60);

export class CamtIngestion extends Construct {
  readonly bucket: SecureBucket;
  readonly table: TableV2;
  readonly fileQueue: Queue;
  readonly fileDeadLetterQueue: Queue;
  readonly messageQueue: Queue;
  readonly messageDeadLetterQueue: Queue;
  readonly files: CrmFunction;
  readonly messages: CrmFunction;
  readonly api: CrmFunction;

  constructor(scope: Construct, id: string, { config, customerRecords, ingestion, operations, customerApi }: CamtIngestionProps) {
    super(scope, id);
    const queue = (qid: string, props: SecureQueueProps) => secureQueue(this, qid, props);
    const deadLetters = (qid: string) => secureQueue(this, qid, { deadLetterFor: `the camt ${qid.startsWith('File') ? 'file' : 'message'} queue` });

    this.table = tableFromLayout(this, 'Table', CAMT_INGESTION_TABLE, config);
    this.bucket = new SecureBucket(this, 'Files', { config });

    this.fileDeadLetterQueue = deadLetters('FileDeadLetterQueue');
    this.fileQueue = queue('FileQueue', {
      visibilityTimeout: Duration.seconds(6 * FILE_TIMEOUT.toSeconds()),
      deadLetterQueue: { queue: this.fileDeadLetterQueue, maxReceiveCount: 5 },
    });
    this.bucket.notifyObjectCreated(this.fileQueue, { prefix: CAMT_INCOMING_PREFIX });

    this.messageDeadLetterQueue = deadLetters('MessageDeadLetterQueue');
    this.messageQueue = queue('MessageQueue', {
      visibilityTimeout: Duration.seconds(6 * MESSAGE_TIMEOUT.toSeconds()),
      deadLetterQueue: { queue: this.messageDeadLetterQueue, maxReceiveCount: 5 },
    });

    const settings = JSON.stringify(config.iso20022);
    const common = { logRetention: config.logRetentionDays, removalPolicy: config.removalPolicy };
    this.files = new CrmFunction(this, 'CamtFiles', {
      functionName: 'camt-files',
      description: 'Streams ISO 20022 camt files from S3 and publishes their bookings and balances as core-banking events',
      timeout: FILE_TIMEOUT,
      memorySize: 1024,
      environment: { CAMT_SETTINGS: settings, WORK_QUEUE_URL: this.fileQueue.queueUrl, REJECTED_EVENTS_QUEUE_URL: this.fileDeadLetterQueue.queueUrl },
      ...common,
    });
    // GetObject (and of a given version) under the incoming prefix: nothing else of the bucket.
    this.files.addToRolePolicy(
      new PolicyStatement({ actions: ['s3:GetObject', 's3:GetObjectVersion'], resources: [this.bucket.bucket.arnForObjects(`${CAMT_INCOMING_PREFIX}*`)] }),
    );
    const bucketId = Stack.of(this).getLogicalId(this.bucket.bucket.node.defaultChild as CfnElement);
    Validations.of(this.files.role!).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${bucketId}.Arn>/${CAMT_INCOMING_PREFIX}*]`,
      reason: 'The function reads any camt file the bank writes under the incoming prefix: GetObject only, on this bucket only.',
    });
    // Continuations: a file near the timeout sends itself the rest.
    this.fileQueue.grantSendMessages(this.files);
    // One file per invocation: each gets the whole time budget.
    this.files.addEventSource(new SqsEventSource(this.fileQueue, { batchSize: 1, reportBatchItemFailures: true }));

    this.messages = new CrmFunction(this, 'CamtMessages', {
      functionName: 'camt-messages',
      description: 'Maps single ISO 20022 camt messages (a payment hub’s camt.054) to core-banking events',
      timeout: MESSAGE_TIMEOUT,
      environment: { CAMT_SETTINGS: settings, REJECTED_EVENTS_QUEUE_URL: this.messageDeadLetterQueue.queueUrl },
      ...common,
    });
    this.messages.addEventSource(new SqsEventSource(this.messageQueue, { batchSize: 10, reportBatchItemFailures: true }));

    for (const fn of [this.files, this.messages]) {
      // Processing records, parts and rejected entries (camt-ingestion-store.ts).
      fn.bindTable(this.table, 'CAMT_TABLE_NAME', ['BatchWriteItem', 'DeleteItem', 'GetItem', 'PutItem', 'Query', 'UpdateItem']);
      // Owners are read, parked entries written: the account directory lives in the customer records.
      fn.bindTable(customerRecords, 'TABLE_NAME', ['BatchGetItem', 'BatchWriteItem', 'GetItem', 'PutItem', 'Query']);
      ingestion.grantPublish(fn, 'iso20022');
    }
    for (const fn of [this.files, this.messages]) {
      Validations.of(fn).acknowledge({
        id: 'Serverless-LambdaDLQ',
        reason: 'Invoked by an SQS event source only, never asynchronously: failures go to the source queue’s dead-letter queue.',
      });
      Validations.of(fn).acknowledge({
        id: 'Serverless-LambdaEventSourceMappingDestination',
        reason: 'SQS event source mappings take no on-failure destination; the source queue’s redrive policy dead-letters failures.',
      });
    }
    this.fileDeadLetterQueue.grantSendMessages(this.files);
    this.messageDeadLetterQueue.grantSendMessages(this.messages);

    this.api = new CrmFunction(this, 'CamtApi', {
      functionName: 'camt-api',
      description: 'Staff routes of camt ingestion: processing records, rejected entries, redrives',
      memorySize: 256,
      environment: { WORK_QUEUE_URL: this.fileQueue.queueUrl, ALLOWED_ORIGINS: config.api.allowedOrigins.join(',') },
      ...common,
    });
    // Reads only: a record (GetItem), the listing and rejections (Query), a page's records (BatchGetItem).
    this.api.bindTable(this.table, 'CAMT_TABLE_NAME', ['BatchGetItem', 'GetItem', 'Query']);
    // A redrive is a message to camt-files' own queue: the API never reads the bucket or publishes.
    this.fileQueue.grantSendMessages(this.api);
    customerApi.addRoutes(camtRoutes, this.api);

    operations.watchQueue('CamtFileQueue', this.fileQueue, { maxMessageAge: Duration.hours(1) });
    operations.watchQueue('CamtMessageQueue', this.messageQueue, { maxMessageAge: Duration.minutes(15) });
    operations.watchDeadLetterQueue('CamtFileDeadLetterQueue', this.fileDeadLetterQueue);
    operations.watchDeadLetterQueue('CamtMessageDeadLetterQueue', this.messageDeadLetterQueue);
    operations.watchTable('CamtIngestionTable', this.table);
    operations.watchFunction('CamtFiles', this.files);
    operations.watchFunction('CamtMessages', this.messages);
    operations.watchFunction('CamtApi', this.api);
  }
}
