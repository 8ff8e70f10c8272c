// Core-banking events in: a custom bus with an archive for replay, one rule for the eight core-banking
// detail types, a queue that absorbs bursts, and the consumer that turns events into customer records.
//
//   producer → bus ─┬─ archive (replay)
//                   └─ rule ─→ ingestion queue ─→ ingest-events ─→ customer-records table
//                        │          │ (5 receives)       │ (schema-invalid, with the reason)
//                        │          └──→ ingestion DLQ ←──┘
//                        └─ (delivery failed) ─→ delivery DLQ
//                   └─ rules for what no rule takes (an unknown detail-type or source) ─→ unrouted-events queue
//
// Producers of other accounts reach the bus through its policy, each held to its own source.
import { Duration, Stack } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { type Archive, type CfnArchive, EventBus, Match, Rule } from 'aws-cdk-lib/aws-events';
import { SqsQueue } from 'aws-cdk-lib/aws-events-targets';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { AccountPrincipal, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { CORE_BANKING_DETAIL_TYPES, coreBankingSourcePattern, producerSource } from '../../shared/contracts/events';
import { COMPLAINTS_SOURCE } from '../../shared/contracts/events/complaint-events';
import { SEGMENTATION_SOURCE } from '../../shared/contracts/events/segment-changed';
import { DATA_PROTECTION_SOURCE } from '../../shared/contracts/events/consent-changed';
import type { StageConfig } from '../stage-config';
import { CrmFunction } from './crm-function';
import { Platform } from './platform';
import { secureQueue } from './secure-queue';

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
  readonly archive: Archive;
  readonly rule: Rule;
  /** Buffers matched events for the consumer. */
  readonly queue: Queue;
  /** Messages the consumer failed MAX_RECEIVE_COUNT times, and events it rejected as schema-invalid. */
  readonly deadLetterQueue: Queue;
  /** Events EventBridge could not deliver to the queue after its retries. */
  readonly deliveryDeadLetterQueue: Queue;
  /** Events no rule of the stack takes (an unknown detail-type or source), kept 14 days and alarmed on. */
  readonly unroutedEvents: Queue;
  readonly consumer: CrmFunction;
  private readonly eventSource: string;

  constructor(scope: Construct, id: string, { config, table }: EventIngestionProps) {
    super(scope, id);
    this.eventSource = config.eventSource;
    // The stage's customer-managed key when it has one; its policy lets EventBridge use it (Platform).
    const kmsKey = Platform.of(this)?.dataKey;

    this.bus = new EventBus(this, 'Bus', {
      eventBusName: `crm-core-banking-${config.stage}`,
      description: 'Core-banking events for the CRM integration layer',
      kmsKey,
    });
    this.archive = this.bus.archive('Archive', {
      description: 'Every event on the bus, so records can be rebuilt by replay',
      // Every event on the bus (a replay can still be limited to chosen rules). Replays re-enter this
      // bus; the consumer is idempotent and order-insensitive, so replaying over live data is safe.
      eventPattern: { account: [Stack.of(this).account] },
      // Finite: the events carry personal data (docs/runbook.md#replaying-a-window-from-the-archive).
      retention: Duration.days(config.archiveRetentionDays),
    });
    // Set on the resource: bus.archive() drops a kmsKey, and Archive's own kmsKey adds a key-policy
    // statement naming the bus's ARN, a cycle (key → bus → key). The data key's policy already lets
    // EventBridge in this account use it (Platform).
    if (kmsKey) (this.archive.node.defaultChild as CfnArchive).kmsKeyIdentifier = kmsKey.keyArn;
    // The archive is what records are rebuilt from: kept (prod) when the stack goes, like the table.
    this.archive.applyRemovalPolicy(config.removalPolicy);

    // Queues keep messages 14 days (secureQueue): an operator has two weeks to read a reason and redrive.
    this.deadLetterQueue = secureQueue(this, 'DeadLetterQueue', { deadLetterFor: 'the ingestion queue and the consumer\'s rejections' });
    // EventBridge names this queue in the target's DeadLetterConfig, not in a redrive policy.
    this.deliveryDeadLetterQueue = secureQueue(this, 'DeliveryDeadLetterQueue', { deadLetterFor: 'the EventBridge rule target' });

    this.queue = secureQueue(this, 'Queue', {
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

    // An event no rule takes would otherwise vanish (the archive aside): a producer's new detail-type, a
    // typo in a source. Two rules keep them, so an operator sees them and can replay them once mapped.
    this.unroutedEvents = secureQueue(this, 'UnroutedEvents', { deadLetterFor: 'events on the bus that no rule of the stack takes' });
    const keep = new SqsQueue(this.unroutedEvents, { deadLetterQueue: this.deliveryDeadLetterQueue, retryAttempts: 185, maxEventAge: Duration.hours(24) });
    new Rule(this, 'UnknownCoreBankingDetailTypes', {
      eventBus: this.bus,
      description: 'Core-banking events of a detail-type the layer does not know: kept for an operator',
      eventPattern: { source: coreBankingSourcePattern(config.eventSource) as string[], detailType: Match.anythingBut(...CORE_BANKING_DETAIL_TYPES) },
    }).addTarget(keep);
    new Rule(this, 'UnknownSources', {
      eventBus: this.bus,
      description: 'Events of a source that is neither core banking nor the layer itself: kept for an operator',
      eventPattern: { source: Match.anythingButWildcard(config.eventSource, `${config.eventSource}.*`, COMPLAINTS_SOURCE, SEGMENTATION_SOURCE, DATA_PROTECTION_SOURCE) },
    }).addTarget(keep);

    // Producers in other accounts: each may put events with its own producer's source only. A batch is
    // refused whole when any entry names another source (ForAllValues: every source in the call).
    for (const [producer, account] of Object.entries(config.producerAccounts ?? {})) {
      this.bus.addToResourcePolicy(
        new PolicyStatement({
          sid: `Producer-${producer}`,
          principals: [new AccountPrincipal(account)],
          actions: ['events:PutEvents'],
          resources: [this.bus.eventBusArn],
          conditions: { 'ForAllValues:StringEquals': { 'events:source': producerSource(config.eventSource, producer) } },
        }),
      );
    }

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
    // CustomerRecordsWriter: insert-once PutItem, newer-wins UpdateItem. Releasing the entries parked for
    // an account (shared/accounts) reads them with a Query and removes them with BatchWriteItem.
    this.consumer.bindTable(table, 'TABLE_NAME', ['PutItem', 'UpdateItem', 'Query', 'BatchWriteItem']);
    // Entries parked for an account go back on the bus when its AccountOpened arrives, under the source
    // of the producer that sent them (docs/accounts.md): any producer's source, never the plain one.
    this.consumer.addEnvironment('EVENT_BUS_NAME', this.bus.eventBusName);
    this.consumer.addToRolePolicy(
      new PolicyStatement({
        actions: ['events:PutEvents'],
        resources: [this.bus.eventBusArn],
        conditions: { StringLike: { 'events:source': `${config.eventSource}.*` } },
      }),
    );
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
}
