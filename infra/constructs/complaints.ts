// Complaint management: the complaints table, the complaint API function (its routes added to the one
// REST API), routing of received complaints, and the scheduled breach scan.
//
//   client ─→ API (POST /complaints ...) ─→ complaint-api ─→ complaints table
//   client ─→ API (/knowledge/articles, /analytics/complaints) ─→ complaint-insights ─→ complaints table
//                                               └─ ComplaintReceived ─→ bus ─→ rule ─→ routing queue
//   routing queue ─→ complaint-router ─→ complaints table (ROUTED) ─→ ComplaintRouted / ComplaintEscalated ─→ bus
//        │ (5 receives, or not routable, with the reason) ─→ routing DLQ
//   schedule (every N minutes, default bus) ─→ complaint-breaches ─→ ESCALATED ─→ ComplaintEscalated ─→ bus
//
// Every function reads customer records (the vulnerable flag, the segment) with Query only, and reaches
// the complaints table with the few actions its store uses.
import { type CfnElement, Duration, Stack, Validations } from 'aws-cdk-lib';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import type { ITable, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { type IEventBus, Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction, SqsQueue } from 'aws-cdk-lib/aws-events-targets';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Metric } from 'aws-cdk-lib/aws-cloudwatch';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { COMPLAINT_SETTINGS_ENV } from '../../shared/adapters/complaint-settings';
import { complaintApiRoutes } from '../../shared/contracts/api/complaints-routes';
import { complaintInsightRoutes } from '../../shared/contracts/api/complaints-insight-routes';
import { COMPLAINTS_SOURCE } from '../../shared/contracts/events/complaint-events';
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
const BATCHING_WINDOW = Duration.seconds(1);
export const ROUTER_MAX_RECEIVE_COUNT = 5;

/** What each function does with the complaints table, and no more (the store's calls). */
const COMPLAINT_STORE_ACTIONS: TableAction[] = ['GetItem', 'Query', 'PutItem', 'ConditionCheckItem'];

export class Complaints extends Construct {
  readonly table: TableV2;
  readonly api: CrmFunction;
  readonly insights: CrmFunction;
  readonly router: CrmFunction;
  readonly breaches: CrmFunction;
  readonly routingQueue: Queue;
  readonly routingDeadLetterQueue: Queue;
  readonly deliveryDeadLetterQueue: Queue;
  /** The breach scan's failed invocations (EventBridge's and the function's). */
  readonly breachScheduleDeadLetterQueue: Queue;
  readonly receivedRule: Rule;
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
    const fn = (cid: string, functionName: string, description: string, timeout = Duration.seconds(10), reachesCustomersAndBus = true, scheduled = false) => {
      const f = new CrmFunction(this, cid, {
        functionName,
        description,
        timeout,
        ...(scheduled ? { onFailure: new SqsDestination(this.breachScheduleDeadLetterQueue), retryAttempts: 2 } : {}),
        logRetention: config.logRetentionDays,
        removalPolicy: config.removalPolicy,
        environment: reachesCustomersAndBus ? { ...settings, EVENT_BUS_NAME: bus.eventBusName } : {},
      });
      f.addEnvironment('COMPLAINTS_TABLE_NAME', this.table.tableName);
      f.grantTable(this.table, COMPLAINT_STORE_ACTIONS);
      if (reachesCustomersAndBus) {
        f.addEnvironment('CUSTOMER_RECORDS_TABLE_NAME', customerRecords.tableName);
        f.grantTable(customerRecords, ['Query']);
        bus.grantPutEventsTo(f);
      }
      // Grants on a table include its indexes as `<arn>/index/*`: each store Query names one index.
      for (const t of reachesCustomersAndBus ? [this.table, customerRecords] : [this.table]) {
        const logicalId = Stack.of(this).getLogicalId(t.node.defaultChild as CfnElement);
        Validations.of(f.role!).acknowledge({
          id: `AwsSolutions-IAM5[Resource::<${logicalId}.Arn>/index/*]`,
          reason: 'The indexes of a table this function reads (by queue, customer, due time, month; the segment index): Query only, on this table only.',
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

    // The API: intake, lifecycle, reading.
    this.api = fn('ComplaintApiFunction', 'complaint-api', 'Complaint API: intake, lifecycle, history, queues');
    this.api.addEnvironment('ALLOWED_ORIGINS', config.api.allowedOrigins.join(','));
    readServiceLevels(this.api);
    api.addRoutes(complaintApiRoutes, this.api);
    // Knowledge administration (DeleteItem for an admin deleting an article) and analytics: the complaints
    // table only, no customer records, no bus.
    this.insights = fn('ComplaintInsightsFunction', 'complaint-insights', 'Knowledge articles and complaint analytics', Duration.seconds(10), false);
    this.insights.addEnvironment('ALLOWED_ORIGINS', config.api.allowedOrigins.join(','));
    this.insights.grantTable(this.table, ['DeleteItem']);
    api.addRoutes(complaintInsightRoutes, this.insights);

    // Routing: ComplaintReceived → queue → router.
    this.routingDeadLetterQueue = secureQueue(this, 'RoutingDeadLetterQueue', { deadLetterFor: 'the routing queue and the router\'s rejections' });
    this.deliveryDeadLetterQueue = secureQueue(this, 'DeliveryDeadLetterQueue', { deadLetterFor: 'the ComplaintReceived rule target' });
    this.routingQueue = secureQueue(this, 'RoutingQueue', {
      visibilityTimeout: Duration.seconds(6 * ROUTER_TIMEOUT.toSeconds() + BATCHING_WINDOW.toSeconds()),
      deadLetterQueue: { queue: this.routingDeadLetterQueue, maxReceiveCount: ROUTER_MAX_RECEIVE_COUNT },
    });
    this.receivedRule = new Rule(this, 'ComplaintReceived', {
      eventBus: bus,
      description: 'Received complaints, to be routed',
      eventPattern: { source: [COMPLAINTS_SOURCE], detailType: ['ComplaintReceived'] },
    });
    this.receivedRule.addTarget(
      new SqsQueue(this.routingQueue, { deadLetterQueue: this.deliveryDeadLetterQueue, retryAttempts: 185, maxEventAge: Duration.hours(24) }),
    );
    this.router = fn('ComplaintRouter', 'complaint-router', 'Routes received complaints: category, severity, priority, queue, assignee, deadlines', ROUTER_TIMEOUT);
    this.router.addEnvironment('REJECTED_EVENTS_QUEUE_URL', this.routingDeadLetterQueue.queueUrl);
    readServiceLevels(this.router);
    this.routingDeadLetterQueue.grantSendMessages(this.router);
    this.router.addEventSource(
      new SqsEventSource(this.routingQueue, { batchSize: 10, maxBatchingWindow: BATCHING_WINDOW, reportBatchItemFailures: true }),
    );

    // Breaches: a schedule on the default bus (schedules live there) → the scan.
    this.breaches = fn('ComplaintBreaches', 'complaint-breaches', 'Escalates complaints whose deadlines have passed', Duration.minutes(2), true, true);
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
