// Customer value and segmentation: re-evaluation on every change of a customer's figures, scheduled
// recalibration of the MVC threshold, relationship managers, and the segmentation endpoints.
//
//   table stream (keys only, figure SKs) ─→ segmentation-reevaluate ─→ table, bus (CustomerSegmentChanged)
//                      (retries exhausted) └─→ stream failure DLQ
//   schedule ─→ segmentation-recalibration-start ─→ work queue ─→ segmentation-recalibration-worker
//    (delivery failed, or the run failed) └─→ schedule DLQ │ (5 receives) └─→ work DLQ   (re-enqueues itself)
//   REST API (CustomerApi.addRoutes) ─→ segmentation-api ─→ table, work queue (a manager left)
import { Duration } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Rule, Schedule, type IEventBus } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { FilterCriteria, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { DynamoEventSource, SqsDlq, SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { segmentationRoutes } from '../../shared/contracts/api/segment-routes';
import { figureFilterPattern } from '../../shared/domain/segment-index';
import { SEGMENT_INDEX } from '../../shared/domain/segment-record-keys';
import type { StageConfig } from '../stage-config';
import { CrmFunction, type TableAction } from './crm-function';
import type { CustomerApi } from './customer-api';
import { secureQueue } from './secure-queue';

/** What the segment, config, index and roster stores call on the customer-records table (no Scan, no batches). */
const SEGMENTATION_ACTIONS: readonly TableAction[] = ['GetItem', 'Query', 'PutItem', 'UpdateItem'];

export type SegmentationProps = {
  config: StageConfig;
  table: ITableV2;
  bus: IEventBus;
  customerApi: CustomerApi;
};

const REEVALUATE_TIMEOUT = Duration.seconds(60);
const WORKER_TIMEOUT = Duration.minutes(5);

export class Segmentation extends Construct {
  readonly reevaluate: CrmFunction;
  readonly recalibrationStart: CrmFunction;
  readonly recalibrationWorker: CrmFunction;
  readonly api: CrmFunction;
  readonly workQueue: Queue;
  readonly workDeadLetterQueue: Queue;
  readonly streamFailureQueue: Queue;
  readonly scheduleDeadLetterQueue: Queue;
  readonly schedule: Rule;

  constructor(scope: Construct, id: string, { config, table, bus, customerApi }: SegmentationProps) {
    super(scope, id);
    const common = { logRetention: config.logRetentionDays, removalPolicy: config.removalPolicy };
    const parameters = JSON.stringify(config.segmentation.parameters);
    this.streamFailureQueue = secureQueue(this, 'StreamFailureQueue', { deadLetterFor: 'the table stream mapping of segmentation-reevaluate' });
    this.scheduleDeadLetterQueue = secureQueue(this, 'ScheduleDeadLetterQueue', { deadLetterFor: 'the recalibration schedule and its function' });
    this.workDeadLetterQueue = secureQueue(this, 'WorkDeadLetterQueue', { deadLetterFor: 'the recalibration work queue' });
    this.workQueue = secureQueue(this, 'WorkQueue', {
      visibilityTimeout: Duration.seconds(6 * WORKER_TIMEOUT.toSeconds()),
      deadLetterQueue: { queue: this.workDeadLetterQueue, maxReceiveCount: 5 },
    });

    // Re-evaluation: the table's stream, only figure-bearing items (segmentation's own writes never match).
    this.reevaluate = new CrmFunction(this, 'Reevaluate', {
      functionName: 'segmentation-reevaluate',
      description: "Re-evaluates a customer's contribution and segment when their figures change",
      timeout: REEVALUATE_TIMEOUT,
      environment: { EVENT_BUS_NAME: bus.eventBusName, SEGMENT_PARAMETERS: parameters },
      ...common,
    });
    this.reevaluate.bindTable(table, 'TABLE_NAME', SEGMENTATION_ACTIONS);
    bus.grantPutEventsTo(this.reevaluate);
    this.reevaluate.addEventSource(
      new DynamoEventSource(table, {
        startingPosition: StartingPosition.TRIM_HORIZON,
        // A burst of one customer's transactions arrives as one batch: one evaluation, not one per event.
        // Per stage: a longer window coalesces more and leaves a segment staler (stage-parameters.ts).
        batchSize: config.segmentation.reevaluationStream.batchSize,
        maxBatchingWindow: Duration.seconds(config.segmentation.reevaluationStream.maxBatchingWindowSeconds),
        parallelizationFactor: config.segmentation.reevaluationStream.parallelizationFactor,
        reportBatchItemFailures: true,
        retryAttempts: 10,
        maxRecordAge: Duration.hours(24),
        onFailure: new SqsDlq(this.streamFailureQueue),
        filters: [FilterCriteria.filter(figureFilterPattern())],
      }),
    );

    // Recalibration: a schedule starts a run; the worker does it piece by piece from the work queue.
    this.recalibrationStart = new CrmFunction(this, 'RecalibrationStart', {
      functionName: 'segmentation-recalibration-start',
      description: 'Starts a recalibration run of the MVC threshold: one scan message per index segment',
      timeout: Duration.seconds(30),
      environment: { WORK_QUEUE_URL: this.workQueue.queueUrl, SCAN_SEGMENTS: String(config.segmentation.scanSegments) },
      // The schedule invokes it asynchronously: a run that fails after Lambda's retries lands here.
      onFailure: new SqsDestination(this.scheduleDeadLetterQueue),
      retryAttempts: 2,
      ...common,
    });
    this.recalibrationStart.bindTable(table, 'TABLE_NAME', SEGMENTATION_ACTIONS);
    this.workQueue.grantSendMessages(this.recalibrationStart);
    this.schedule = new Rule(this, 'RecalibrationSchedule', {
      description: 'Recalibrates the MVC threshold over the whole customer base',
      schedule: Schedule.expression(config.segmentation.recalibrationSchedule),
    });
    this.schedule.addTarget(new LambdaFunction(this.recalibrationStart, { deadLetterQueue: this.scheduleDeadLetterQueue, retryAttempts: 4, maxEventAge: Duration.hours(2) }));

    this.recalibrationWorker = new CrmFunction(this, 'RecalibrationWorker', {
      functionName: 'segmentation-recalibration-worker',
      description: 'Scans a segment of the segment index, finalizes a run, moves customers across the new threshold, reassigns managers',
      timeout: WORKER_TIMEOUT,
      memorySize: 1024,
      environment: { WORK_QUEUE_URL: this.workQueue.queueUrl, EVENT_BUS_NAME: bus.eventBusName, SEGMENT_PARAMETERS: parameters },
      ...common,
    });
    this.recalibrationWorker.bindTable(table, 'TABLE_NAME', SEGMENTATION_ACTIONS);
    // The parallel scan of the sparse segment index: only its keys, the one Scan of the stack.
    this.recalibrationWorker.grantIndexScan(table, SEGMENT_INDEX);
    bus.grantPutEventsTo(this.recalibrationWorker);
    // Continuations: a piece of work near its timeout enqueues the rest.
    this.workQueue.grantSendMessages(this.recalibrationWorker);
    // One message per invocation: each piece of work gets the whole time budget.
    this.recalibrationWorker.addEventSource(new SqsEventSource(this.workQueue, { batchSize: 1, reportBatchItemFailures: true }));

    // The endpoints, on the one REST API.
    this.api = new CrmFunction(this, 'Api', {
      functionName: 'segmentation-api',
      description: 'Segment, service tier, customers by segment, analytics, roster, parameters and recalibration on demand',
      environment: {
        WORK_QUEUE_URL: this.workQueue.queueUrl,
        SEGMENT_PARAMETERS: parameters,
        SCAN_SEGMENTS: String(config.segmentation.scanSegments),
        ALLOWED_ORIGINS: config.api.allowedOrigins.join(','),
      },
      ...common,
    });
    // Write: the roster and the parameters are admin edits.
    this.api.bindTable(table, 'TABLE_NAME', SEGMENTATION_ACTIONS);
    this.workQueue.grantSendMessages(this.api);
    customerApi.addRoutes(segmentationRoutes, this.api);
    customerApi.accessRecord.recordFrom(this.api);
    // GET /me shows the tier of the stage's service levels, as GET /me/service-tier does.
    customerApi.handler.addEnvironment('SEGMENT_PARAMETERS', parameters);
  }
}
