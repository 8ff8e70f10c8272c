// Complaint management: the complaints table, the complaint API function (its routes added to the one
// REST API), routing of received complaints, and the scheduled breach scan.
//
//   client ─→ API (POST /complaints ...) ─→ complaint-api ─→ complaints table (RECEIVED: the outbox)
//   client ─→ API (/knowledge/articles, /analytics/complaints) ─→ complaint-insights ─→ complaints table
//   complaints table stream (complaint items still RECEIVED) ─→ complaint-router ─→ complaints table (ROUTED)
//        │                                   └─ ComplaintReceived / ComplaintRouted / ComplaintEscalated ─→ bus
//        ├ (not routable, with the reason) ─→ routing DLQ
//        └ (a batch failing after retries, halved to the record) ─→ stream-failure queue (its location)
//   schedule (every N minutes, default bus) ─→ complaint-breaches ─→ ESCALATED ─→ ComplaintEscalated ─→ bus
//                                                  └─ sweeps complaints RECEIVED > 15 min back into the stream
//
// Every function reads customer records (the vulnerable flag, the segment) with Query only (the router:
// BatchGetItem, a stream batch's customers at once), and reaches the complaints table with the few
// actions its store uses.
import { type CfnElement, Duration, Stack, Validations } from 'aws-cdk-lib';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import type { ITable, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { type IEventBus, Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { FilterCriteria, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Metric } from 'aws-cdk-lib/aws-cloudwatch';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { COMPLAINT_SETTINGS_ENV } from '../../shared/adapters/complaint-settings';
import { complaintApiRoutes } from '../../shared/contracts/api/complaints-routes';
import { complaintInsightRoutes } from '../../shared/contracts/api/complaints-insight-routes';
import { ROUTING_OUTBOX_FILTER } from '../../shared/adapters/complaint-outbox';
import { INDEXES } from '../../shared/adapters/complaint-table-keys';
import { SEGMENTATION_PK } from '../../shared/domain/segment-record-keys';
import type { StageConfig } from '../stage-config';
import { ComplaintsTable } from './complaints-table';
import { CrmFunction, POWERTOOLS_NAMESPACE, type TableAction } from './crm-function';
import type { CustomerApi } from './customer-api';
import { secureQueue } from './secure-queue';

export type ComplaintsProps = {
  config: StageConfig;
  bus: IEventBus;
  customerRecords: ITable;
  api: CustomerApi;
};

const ROUTER_TIMEOUT = Duration.seconds(30);
/** Retries of a failing stream batch (halved each time) before its location goes to the failure queue. */
export const ROUTER_STREAM_RETRIES = 5;

/** What each function does with the complaints table, and no more (the store's calls). */
const COMPLAINT_STORE_ACTIONS: TableAction[] = ['GetItem', 'Query', 'PutItem', 'ConditionCheckItem'];

export class Complaints extends Construct {
  readonly table: TableV2;
  readonly api: CrmFunction;
  readonly insights: CrmFunction;
  readonly router: CrmFunction;
  readonly breaches: CrmFunction;
  /** Stream records the router found not routable, with the reason (keys only). */
  readonly routingDeadLetterQueue: Queue;
  /** Where the stream mapping describes a batch it gave up on (the sweep routes its complaints later). */
  readonly routingStreamFailureQueue: Queue;
  /** The breach scan's failed invocations (EventBridge's and the function's). */
  readonly breachScheduleDeadLetterQueue: Queue;
  readonly breachSchedule: Rule;
  /** Days of holiday calendar known ahead, as the breach scan sees it (the stack alarms below 45). */
  readonly calendarDaysKnownAhead: Metric;
  /** Deadlines counted past the known calendar (conservative, flagged; the stack alarms on the first). */
  readonly deadlinesBeyondCalendar: Metric;

  constructor(scope: Construct, id: string, { config, bus, customerRecords, api }: ComplaintsProps) {
    super(scope, id);
    this.table = new ComplaintsTable(this, 'ComplaintsTable', config).table;

    const settings = {
      [COMPLAINT_SETTINGS_ENV.jurisdiction]: config.complaints.jurisdiction,
      [COMPLAINT_SETTINGS_ENV.thresholds]: JSON.stringify(config.complaints.disputedAmountThresholds),
      // The promised service is the segmentation parameters' (admin edits in the customer-records table,
      // these stage defaults until then): the same source as GET /me/service-tier.
      SEGMENT_PARAMETERS: JSON.stringify(config.segmentation.parameters),
      ...(config.complaints.holidays ? { [COMPLAINT_SETTINGS_ENV.holidays]: config.complaints.holidays.join(',') } : {}),
      ...(config.complaints.makeUpWorkingDays ? { [COMPLAINT_SETTINGS_ENV.makeUpWorkingDays]: config.complaints.makeUpWorkingDays.join(',') } : {}),
    };
    this.breachScheduleDeadLetterQueue = secureQueue(this, 'BreachScheduleDeadLetterQueue', { deadLetterFor: 'the breach scan schedule and its function' });
    const fn = (
      cid: string,
      functionName: string,
      description: string,
      { timeout = Duration.seconds(10), customers = true, bus: publishes = true, scheduled = false } = {},
    ) => {
      const reachesCustomersAndBus = customers;
      const f = new CrmFunction(this, cid, {
        functionName,
        description,
        timeout,
        ...(scheduled ? { onFailure: new SqsDestination(this.breachScheduleDeadLetterQueue), retryAttempts: 2 } : {}),
        logRetention: config.logRetentionDays,
        removalPolicy: config.removalPolicy,
        environment: reachesCustomersAndBus ? { ...settings, ...(publishes ? { EVENT_BUS_NAME: bus.eventBusName } : {}) } : {},
      });
      f.addEnvironment('COMPLAINTS_TABLE_NAME', this.table.tableName);
      f.grantTable(this.table, COMPLAINT_STORE_ACTIONS);
      if (reachesCustomersAndBus) {
        f.addEnvironment('CUSTOMER_RECORDS_TABLE_NAME', customerRecords.tableName);
        f.grantTable(customerRecords, ['Query']);
      }
      if (reachesCustomersAndBus && publishes) bus.grantPutEventsTo(f);
      // Grants on a table include its indexes as `<arn>/index/*`: each store Query names one index.
      for (const t of reachesCustomersAndBus ? [this.table, customerRecords] : [this.table]) {
        const logicalId = Stack.of(this).getLogicalId(t.node.defaultChild as CfnElement);
        Validations.of(f.role!).acknowledge({
          id: `AwsSolutions-IAM5[Resource::<${logicalId}.Arn>/index/*]`,
          reason: 'The indexes of a table this function reads (by queue, customer, due time; the segment index): Query only, on this table only.',
        });
      }
      return f;
    };

    // The promised service: the segmentation parameters' item (SEGMENTATION / CONFIG) in the customer
    // records, and nothing else of that table by GetItem (no profile is readable this way).
    const readServiceLevels = (f: CrmFunction) =>
      f.addToRolePolicy(
        new PolicyStatement({
          actions: ['dynamodb:GetItem'],
          resources: [customerRecords.tableArn],
          conditions: { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': [SEGMENTATION_PK] } },
        }),
      );

    // The API: intake, lifecycle, reading. It publishes nothing: the stored complaint is the outbox.
    this.api = fn('ComplaintApiFunction', 'complaint-api', 'Complaint API: intake, lifecycle, history, queues', { bus: false });
    this.api.addEnvironment('ALLOWED_ORIGINS', config.api.allowedOrigins.join(','));
    readServiceLevels(this.api);
    // Intake and every lifecycle change ADD to the analytics counters of the complaint's day, an Update in
    // the complaint's own transaction (complaint-store.ts).
    this.api.grantTable(this.table, ['UpdateItem']);
    api.addRoutes(complaintApiRoutes, this.api);
    // A complaint filed on a customer's behalf is under need-to-know and recorded (PutItem on the access record).
    api.accessRecord.recordFrom(this.api);
    // Knowledge administration (DeleteItem for an admin deleting an article) and analytics: the complaints
    // table only, no customer records, no bus.
    this.insights = fn('ComplaintInsightsFunction', 'complaint-insights', 'Knowledge articles and complaint analytics', { customers: false });
    this.insights.addEnvironment('ALLOWED_ORIGINS', config.api.allowedOrigins.join(','));
    this.insights.grantTable(this.table, ['DeleteItem']);
    api.addRoutes(complaintInsightRoutes, this.insights);

    // Routing: the table's stream (the outbox, complaint-outbox.ts) → router. Retries are few and halve
    // the batch, so that one record that keeps failing holds its shard up for minutes, not a day; its
    // complaint stays RECEIVED and the breach scan's sweep brings it back until it is routed.
    this.routingDeadLetterQueue = secureQueue(this, 'RoutingDeadLetterQueue', { deadLetterFor: "the router's rejections (stream records not routable)" });
    this.routingStreamFailureQueue = secureQueue(this, 'RoutingStreamFailureQueue', { deadLetterFor: 'the complaints table stream mapping of complaint-router' });
    this.router = fn('ComplaintRouter', 'complaint-router', 'Routes received complaints: category, severity, priority, queue, assignee, deadlines', { timeout: ROUTER_TIMEOUT });
    this.router.addEnvironment('REJECTED_EVENTS_QUEUE_URL', this.routingDeadLetterQueue.queueUrl);
    readServiceLevels(this.router);
    // Routing moves the complaint's day counters (category, queue) in the routing's transaction.
    this.router.grantTable(this.table, ['UpdateItem']);
    // A stream batch's reads at once (functions/complaint-router/batch-reads.ts): its customers' PROFILE
    // and SEGMENT items in one BatchGetItem (the table only, no index), and their recent complaints in
    // one PartiQL SELECT on the byCustomer index (IN on its partition key: no scan).
    this.router.addToRolePolicy(new PolicyStatement({ actions: ['dynamodb:BatchGetItem'], resources: [customerRecords.tableArn] }));
    this.router.addToRolePolicy(new PolicyStatement({ actions: ['dynamodb:PartiQLSelect'], resources: [`${this.table.tableArn}/index/${INDEXES.byCustomer.name}`] }));
    this.routingDeadLetterQueue.grantSendMessages(this.router);
    this.router.addEventSource(
      new DynamoEventSource(this.table, {
        startingPosition: StartingPosition.TRIM_HORIZON,
        batchSize: 10,
        maxBatchingWindow: Duration.seconds(1),
        reportBatchItemFailures: true,
        bisectBatchOnError: true,
        retryAttempts: ROUTER_STREAM_RETRIES,
        maxRecordAge: Duration.hours(1),
        onFailure: new SqsDlq(this.routingStreamFailureQueue),
        filters: [FilterCriteria.filter(ROUTING_OUTBOX_FILTER as unknown as Record<string, unknown>)],
      }),
    );

    // Breaches: a schedule on the default bus (schedules live there) → the scan.
    this.breaches = fn('ComplaintBreaches', 'complaint-breaches', 'Escalates complaints whose deadlines have passed; sweeps unrouted ones into the stream', {
      timeout: Duration.minutes(2),
      scheduled: true,
    });
    // The outbox sweep: an UpdateItem that touches a complaint still RECEIVED (no other attribute).
    this.breaches.grantTable(this.table, ['UpdateItem']);
    this.breachSchedule = new Rule(this, 'BreachScanSchedule', {
      description: 'Finds complaints past their deadlines',
      schedule: Schedule.rate(Duration.minutes(config.complaints.breachScanMinutes)),
    });
    this.breachSchedule.addTarget(
      new LambdaFunction(this.breaches, {
        deadLetterQueue: this.breachScheduleDeadLetterQueue,
        retryAttempts: 2,
        maxEventAge: Duration.minutes(config.complaints.breachScanMinutes),
      }),
    );

    // Calendars: the gap is to be closed before a deadline needs it, and said loudly once one did.
    const metric = (metricName: string, service: string, statistic: string) =>
      new Metric({ namespace: POWERTOOLS_NAMESPACE, metricName, dimensionsMap: { service }, statistic, period: Duration.hours(1) });
    this.calendarDaysKnownAhead = metric('CalendarDaysKnownAhead', 'complaint-breaches', 'Minimum');
    this.deadlinesBeyondCalendar = metric('DeadlinesBeyondKnownCalendar', 'complaint-router', 'Sum');
  }
}
