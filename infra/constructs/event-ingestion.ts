// Core-banking events in: a custom bus with an archive for replay, one rule for the eight core-banking
// detail types, a queue that absorbs bursts, and the consumer that turns events into customer records.
//
//   producer → bus ─┬─ archive (replay)
//                   └─ rule ─→ ingestion queue ─→ ingest-events ─→ customer-records table
//                        │          │ (5 receives)       │ (schema-invalid, with the reason)
//                        │          └──→ ingestion DLQ ←──┘
//                        └─ (delivery failed) ─→ delivery DLQ
import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { EventBus, Rule } from 'aws-cdk-lib/aws-events';
import { SqsQueue } from 'aws-cdk-lib/aws-events-targets';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { CORE_BANKING_DETAIL_TYPES, coreBankingSourcePattern, producerSource } from '../../shared/contracts/events';
import type { StageConfig } from '../stage-config';
import { CrmFunction } from './crm-function';

export type EventIngestionProps = {
  config: StageConfig;
  table: ITable;
};

/** The consumer's time budget for one batch; the queue's visibility timeout is derived from it. */
const CONSUMER_TIMEOUT = Duration.seconds(30);
const BATCH_SIZE = 25;
const BATCHING_WINDOW = Duration.seconds(2);
/** Receives before a message that keeps failing moves to the dead-letter queue. */
export const MAX_RECEIVE_COUNT = 5;

export class EventIngestion extends Construct {
  readonly bus: EventBus;
  readonly rule: Rule;
  /** Buffers matched events for the consumer. */
  readonly queue: Queue;
  /** Messages the consumer failed MAX_RECEIVE_COUNT times, and events it rejected as schema-invalid. */
  readonly deadLetterQueue: Queue;
  /** Events EventBridge could not deliver to the queue after its retries. */
  readonly deliveryDeadLetterQueue: Queue;
  readonly consumer: CrmFunction;
  private readonly eventSource: string;

  constructor(scope: Construct, id: string, { config, table }: EventIngestionProps) {
    super(scope, id);
    this.eventSource = config.eventSource;

    this.bus = new EventBus(this, 'Bus', {
      eventBusName: `crm-core-banking-${config.stage}`,
      description: 'Core-banking events for the CRM integration layer',
    });
    this.bus.archive('Archive', {
      description: 'Every event on the bus, so records can be rebuilt by replay',
      // Every event on the bus (a replay can still be limited to chosen rules). Replays re-enter this
      // bus; the consumer is idempotent and order-insensitive, so replaying over live data is safe.
      eventPattern: { account: [Stack.of(this).account] },
      // 0 in the stage config means keep forever, which is what an absent retention does.
      retention: config.archiveRetentionDays > 0 ? Duration.days(config.archiveRetentionDays) : undefined,
    });

    this.deadLetterQueue = this.secureQueue('DeadLetterQueue', config.removalPolicy, {
      // The longest SQS allows: an operator has two weeks to read the reason and redrive.
      retentionPeriod: Duration.days(14),
    });
    this.deliveryDeadLetterQueue = this.secureQueue('DeliveryDeadLetterQueue', config.removalPolicy, {
      retentionPeriod: Duration.days(14),
    });
    // EventBridge names this queue in the target's DeadLetterConfig, not in a redrive policy, which is
    // all AwsSolutions-SQS3 looks for.
    Validations.of(this.deliveryDeadLetterQueue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: 'This queue is the dead-letter queue of the EventBridge rule target; a dead-letter queue needs none of its own.',
    });

    this.queue = this.secureQueue('Queue', config.removalPolicy, {
      // At least 6 x the consumer's timeout (AWS guidance for SQS event sources), plus the batching
      // window during which received messages already count against their visibility.
      visibilityTimeout: Duration.seconds(6 * CONSUMER_TIMEOUT.toSeconds() + BATCHING_WINDOW.toSeconds()),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: MAX_RECEIVE_COUNT },
    });

    this.rule = new Rule(this, 'CoreBankingEvents', {
      eventBus: this.bus,
      description: 'Core-banking events that change customer records',
      // The plain source (producers of ours) and each connector's `<eventSource>.<producer>`.
      eventPattern: { source: coreBankingSourcePattern(config.eventSource) as string[], detailType: [...CORE_BANKING_DETAIL_TYPES] },
    });
    // The target adds the queue policy that lets this rule (and only it) send, and the same on its DLQ.
    this.rule.addTarget(
      new SqsQueue(this.queue, {
        deadLetterQueue: this.deliveryDeadLetterQueue,
        retryAttempts: 185,
        maxEventAge: Duration.hours(24),
      }),
    );

    this.consumer = new CrmFunction(this, 'IngestEvents', {
      functionName: 'ingest-events',
      description: 'Applies core-banking events to customer records',
      timeout: CONSUMER_TIMEOUT,
      logRetention: config.logRetentionDays,
      removalPolicy: config.removalPolicy,
      environment: {
        REJECTED_EVENTS_QUEUE_URL: this.deadLetterQueue.queueUrl,
        EVENT_SOURCE: config.eventSource,
      },
    });
    this.consumer.bindTable(table, 'TABLE_NAME', 'readWrite');
    // Schema-invalid events go straight to the DLQ with their reason: send there, nowhere else.
    this.deadLetterQueue.grantSendMessages(this.consumer);
    this.consumer.addEventSource(
      new SqsEventSource(this.queue, {
        batchSize: BATCH_SIZE,
        maxBatchingWindow: BATCHING_WINDOW,
        // Only the failed records of a batch come back, not the whole batch.
        reportBatchItemFailures: true,
      }),
    );
  }

  /**
   * Lets `fn` publish core-banking events as `producer`: EVENT_BUS_NAME and EVENT_SOURCE on the
   * function, and events:PutEvents on this bus only, with events:source held to the producer's own
   * source, so one connector can never publish as another (or as the plain source). Returns the source.
   */
  grantPublish(fn: LambdaFunction, producer: string): string {
    const source = producerSource(this.eventSource, producer);
    fn.addEnvironment('EVENT_BUS_NAME', this.bus.eventBusName);
    fn.addEnvironment('EVENT_SOURCE', source);
    fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['events:PutEvents'],
        resources: [this.bus.eventBusArn],
        conditions: { StringEquals: { 'events:source': source } },
      }),
    );
    return source;
  }

  /** SSE-SQS (a queue under the AWS-managed SQS key silently drops EventBridge deliveries), TLS only. */
  private secureQueue(id: string, removalPolicy: RemovalPolicy, props: ConstructorParameters<typeof Queue>[2]) {
    return new Queue(this, id, {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      removalPolicy,
      ...props,
    });
  }
}
