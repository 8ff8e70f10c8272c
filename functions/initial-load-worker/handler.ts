// The load work queue → ranges written into the customer records, then the assessment of every
// customer and one recalibration. Thin: clients and configuration once per cold start.
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import { CustomerRecordsWriter } from '../../shared/adapters/customer-records-writer';
import { dynamoDbClient } from '../../shared/adapters/dynamodb-client';
import { RejectedEventsQueue } from '../../shared/adapters/rejected-events';
import { SegmentConfigStore } from '../../shared/adapters/segment-config';
import { EventBridgeSegmentEvents } from '../../shared/adapters/segment-events';
import { SegmentIndexStore } from '../../shared/adapters/segment-index-store';
import { SegmentStore } from '../../shared/adapters/segment-store';
import { SqsWorkQueue } from '../../shared/adapters/segment-work-queue';
import { CORE_BANKING_SOURCE } from '../../shared/contracts/events';
import { CustomerScan } from '../../shared/initial-load/adapters/customer-scan';
import { S3ExportFiles } from '../../shared/initial-load/adapters/export-files';
import { LOAD_FLAG_TTL_MS } from '../../shared/initial-load/adapters/load-in-progress';
import { LoadStore } from '../../shared/initial-load/adapters/load-store';
import { SqsLoadQueue } from '../../shared/initial-load/adapters/load-work-queue';
import { handleLoadWork, type LoadWorkDeps } from '../../shared/initial-load/use-cases/handle-load-work';
import { stageSegmentParameters } from '../../shared/segmentation/stage-parameters';
import { optionalEnv, requiredEnv } from '../../shared/runtime/env';
import { tracer } from '../../shared/runtime/observability';
import { sqsHandler } from '../../shared/runtime/sqs-handler';

const tableName = requiredEnv('TABLE_NAME');
const client = tracer.captureAWSv3Client(dynamoDbClient());
const sqs = tracer.captureAWSv3Client(new SQSClient({ maxAttempts: 5 }));
const files = new S3ExportFiles(tracer.captureAWSv3Client(new S3Client({ maxAttempts: 5 })), requiredEnv('LOAD_BUCKET_NAME'));
const loads = new LoadStore(client, tableName);
const queue = new SqsLoadQueue(sqs, requiredEnv('LOAD_QUEUE_URL'));
const segments = new SegmentStore(client, tableName);
const now = () => new Date();

const deps: LoadWorkDeps = {
  range: {
    files,
    store: loads,
    queue,
    writer: new CustomerRecordsWriter(client, tableName),
    eventSource: optionalEnv('EVENT_SOURCE', CORE_BANKING_SOURCE),
    now,
    eventsInFlight: Number(optionalEnv('EVENTS_IN_FLIGHT', '32')),
    // The stream stops skipping within one flag cache period; the assessment starts after that.
    assessDelaySeconds: Math.ceil((2 * LOAD_FLAG_TTL_MS) / 1000),
  },
  assess: {
    scan: new CustomerScan(client, tableName),
    store: segments,
    config: new SegmentConfigStore(client, tableName, stageSegmentParameters()),
    events: new EventBridgeSegmentEvents(new EventBridgeClient({ maxAttempts: 5 }), requiredEnv('EVENT_BUS_NAME')),
    loads,
    queue,
    recalibration: {
      index: new SegmentIndexStore(client, tableName),
      queue: new SqsWorkQueue(sqs, requiredEnv('RECALIBRATION_QUEUE_URL')),
      totalSegments: Number(requiredEnv('SCAN_SEGMENTS')),
    },
    now,
  },
  // The work queue's redrive policy: the last delivery before the dead-letter queue fails the load.
  maxReceiveCount: Number(requiredEnv('LOAD_MAX_RECEIVE_COUNT')),
};
const rejected = new RejectedEventsQueue(sqs, requiredEnv('LOAD_DEAD_LETTER_QUEUE_URL'), 'initial-load-worker');

export const handler = sqsHandler(
  (record, context) => handleLoadWork(deps, record.body, () => context.getRemainingTimeInMillis(), { receiveCount: Number(record.attributes.ApproximateReceiveCount ?? 1) }),
  rejected,
);
