// What operators watch: an encrypted alarm topic with the stage's subscribers, alarms that mean
// "something needs a person" (each says what to do and links its runbook section), and one dashboard.
// Other constructs do not build alarms themselves; the stack registers their queues, functions, tables,
// streams, schedules and the API here (watch*), so every capability is watched the same way and the
// alarm names share the prefix the topic's and key's policies are scoped to.
//
// The alarms and the dashboard live in a nested stack (`Alarms`, OPERATIONS_NESTED_STACK_ID): over 100
// alarms would otherwise take a fifth of CloudFormation's 500 resources per stack. They name what they
// watch (queue, function, table, rule names), which CDK passes into the nested stack as parameters. The
// topic, its key, subscriptions and delivery dead-letter queue stay in the parent: the AlarmTopicArn and
// redrive outputs, the subscriptions' confirmations and the local runtime (which reads the parent's
// template, not the nested one) are unchanged by the split.
import { ArnFormat, type CfnResource, Duration, NestedStack, Stack } from 'aws-cdk-lib';
import type { RestApi } from 'aws-cdk-lib/aws-apigateway';
import {
  Alarm,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  type IMetric,
  MathExpression,
  Metric,
  SingleValueWidget,
  TextWidget,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { type ITableV2, Operation } from 'aws-cdk-lib/aws-dynamodb';
import type { IRule } from 'aws-cdk-lib/aws-events';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription, UrlSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { type IQueue, type Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { StageConfig } from '../stage-config';
import { POWERTOOLS_NAMESPACE } from './crm-function';
import { QUEUE_RETENTION, secureQueue } from './secure-queue';

export type OperationsProps = { config: StageConfig };

export type QueueWatchOptions = {
  /** Alarm when the oldest message has waited this long: the consumer is stuck or far behind. */
  maxMessageAge?: Duration;
};

/** Where each alarm's "what to do" lives; the anchors are headings of docs/runbook.md. */
export const RUNBOOK = 'docs/runbook.md';
/**
 * The nested stack's logical id in the parent: CloudFormation names it `<parent>-Alarms-<suffix>`
 * (Crm-prod-Alarms-1A2B3C4D5E6F in the console), the name docs/runbook.md tells operators to look for.
 */
export const OPERATIONS_NESTED_STACK_ID = 'Alarms';
/** Functions up to this timeout serve API requests; their latency is watched through the API's alarm. */
const REQUEST_FUNCTION_TIMEOUT_SECONDS = 10;

export const RUNBOOK_SECTIONS = {
  deadLetterQueue: 'dead-letter-queue-not-empty',
  deadLetterAge: 'dead-letter-message-near-expiry',
  queueBacklog: 'queue-backlog',
  functionErrors: 'function-errors',
  functionThrottles: 'function-throttles',
  functionDuration: 'function-duration-near-timeout',
  api5xx: 'api-5xx-rate',
  apiLatency: 'api-p99-latency',
  tableThrottles: 'dynamodb-throttled-requests',
  tableSystemErrors: 'dynamodb-system-errors',
  streamIteratorAge: 'stream-iterator-age',
  scheduleFailures: 'schedule-failed-invocations',
  parkedEntriesOverdue: 'parked-entries-overdue',
  complaintCalendar: 'complaint-calendar-ending-or-exceeded',
  unroutedEvents: 'unrouted-events',
  breakGlass: 'break-glass-access',
} as const;

/** A DLQ alarm fires this long before SQS deletes its oldest message (14 days' retention). */
export const DEAD_LETTER_EXPIRY_WARNING = Duration.days(4);

const ONE_MINUTE = Duration.minutes(1);
const FIVE_MINUTES = Duration.minutes(5);
/** The DynamoDB calls the stack makes: throttles and system errors are summed over these. */
const TABLE_OPERATIONS = [
  Operation.GET_ITEM,
  Operation.QUERY,
  Operation.SCAN,
  Operation.PUT_ITEM,
  Operation.UPDATE_ITEM,
  Operation.DELETE_ITEM,
  Operation.TRANSACT_WRITE_ITEMS,
  Operation.BATCH_WRITE_ITEM,
  Operation.BATCH_GET_ITEM,
];

type AlarmProps = {
  /** What the alarm means. */
  meaning: string;
  /** What the on-call engineer does first. */
  action: string;
  section: (typeof RUNBOOK_SECTIONS)[keyof typeof RUNBOOK_SECTIONS];
  metric: IMetric;
  threshold: number;
  evaluationPeriods: number;
  datapointsToAlarm?: number;
  /** Default: at or above the threshold. */
  comparisonOperator?: ComparisonOperator;
};

export class Operations extends Construct {
  readonly alarmTopic: Topic;
  /** Notifications the topic could not deliver to a subscriber (when the stage has subscribers). */
  readonly alarmDeliveryDeadLetterQueue?: Queue;
  readonly dashboard: Dashboard;
  readonly alarms: Alarm[] = [];
  /** Every alarm name starts with this; the topic and key trust CloudWatch only for such alarms. */
  readonly alarmNamePrefix: string;
  /** Where the alarms and the dashboard are: a nested stack of the one holding the topic. */
  readonly alarmStack: NestedStack;

  constructor(scope: Construct, id: string, { config }: OperationsProps) {
    super(scope, id);
    const stack = Stack.of(this);
    this.alarmNamePrefix = `crm-${config.stage}-`;
    this.alarmStack = new NestedStack(this, 'Alarms', {
      description: `Bank CRM integration layer (${config.stage}): the alarms and dashboard (docs/runbook.md)`,
    });
    // A fixed, readable logical id: the console shows the nested stack as <parent>-Alarms-<suffix>.
    (this.alarmStack.nestedStackResource as CfnResource).overrideLogicalId(OPERATIONS_NESTED_STACK_ID);

    // CloudWatch cannot publish to a topic under the AWS-managed SNS key: it needs a customer-managed
    // key whose policy lets it encrypt. Both grants are limited to this account's alarms with our prefix
    // (confused-deputy protection).
    const cloudWatch = new ServicePrincipal('cloudwatch.amazonaws.com');
    const fromOurAlarms = {
      StringEquals: { 'aws:SourceAccount': stack.account },
      ArnLike: {
        'aws:SourceArn': stack.formatArn({
          service: 'cloudwatch',
          resource: 'alarm',
          resourceName: `${this.alarmNamePrefix}*`,
          arnFormat: ArnFormat.COLON_RESOURCE_NAME,
        }),
      },
    };
    const key = new Key(this, 'AlarmTopicKey', {
      description: `Encrypts the CRM ${config.stage} alarm topic`,
      enableKeyRotation: true,
      removalPolicy: config.removalPolicy,
    });
    key.addToResourcePolicy(
      new PolicyStatement({
        principals: [cloudWatch],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: fromOurAlarms,
      }),
    );

    this.alarmTopic = new Topic(this, 'AlarmTopic', {
      displayName: `CRM ${config.stage} alarms`,
      masterKey: key,
      enforceSSL: true,
    });
    this.alarmTopic.addToResourcePolicy(
      new PolicyStatement({
        principals: [cloudWatch],
        actions: ['sns:Publish'],
        resources: [this.alarmTopic.topicArn],
        conditions: fromOurAlarms,
      }),
    );
    const subscriptions = [
      ...(config.alarmEmail ? [{ protocol: 'email' as const, endpoint: config.alarmEmail }] : []),
      ...(config.alarmSubscriptions ?? []),
    ];
    if (subscriptions.length) {
      // SSE-SQS: SNS writes here without a key grant; an alarm notification holds no personal data.
      this.alarmDeliveryDeadLetterQueue = secureQueue(this, 'AlarmDeliveryDeadLetterQueue', {
        encryption: QueueEncryption.SQS_MANAGED,
        removalPolicy: config.removalPolicy,
        deadLetterFor: 'the alarm topic subscriptions',
      });
      const options = { deadLetterQueue: this.alarmDeliveryDeadLetterQueue };
      for (const { protocol, endpoint } of subscriptions) {
        this.alarmTopic.addSubscription(protocol === 'email' ? new EmailSubscription(endpoint, options) : new UrlSubscription(endpoint, options));
      }
    }

    this.dashboard = new Dashboard(this.alarmStack, 'Dashboard', {
      dashboardName: `crm-${config.stage}`,
      defaultInterval: Duration.hours(3),
    });
    this.dashboard.addWidgets(
      new TextWidget({
        markdown:
          `# CRM integration (${config.stage})\n` +
          `Every alarm's description says what to do and links its section of ${RUNBOOK}. Dead-letter queues should stay empty: ` +
          'a message there carries its rejection reason; fix the cause, then redrive.',
        width: 24,
        height: 2,
      }),
    );
    if (this.alarmDeliveryDeadLetterQueue) this.watchDeadLetterQueue('AlarmDeliveryDeadLetterQueue', this.alarmDeliveryDeadLetterQueue);
  }

  /** The business figures the functions publish (Powertools metrics, one `service` dimension per function). */
  showBusinessFigures(figures: { title: string; service: string; metricName: string }[]) {
    const metric = (service: string, metricName: string) =>
      new Metric({ namespace: POWERTOOLS_NAMESPACE, metricName, dimensionsMap: { service }, statistic: 'Sum', period: Duration.hours(1) });
    this.dashboard.addWidgets(
      new SingleValueWidget({
        title: 'Business figures (last hour)',
        metrics: figures.map((f) => metric(f.service, f.metricName).with({ label: f.title })),
        width: 24,
        height: 4,
      }),
    );
    this.dashboard.addWidgets(
      new GraphWidget({
        title: 'Business figures per 5 minutes',
        left: figures.map((f) => metric(f.service, f.metricName).with({ label: f.title, period: FIVE_MINUTES })),
        width: 24,
        height: 6,
      }),
    );
  }

  /** Any message in a dead-letter queue needs a person; one near SQS's retention needs one now. */
  watchDeadLetterQueue(label: string, queue: IQueue): Alarm[] {
    const visible = queue.metricApproximateNumberOfMessagesVisible({ period: ONE_MINUTE, statistic: 'Maximum' });
    const age = queue.metricApproximateAgeOfOldestMessage({ period: FIVE_MINUTES, statistic: 'Maximum' });
    const expiresIn = DEAD_LETTER_EXPIRY_WARNING.toDays();
    const alarms = [
      this.alarm(`${label}NotEmpty`, {
        // The reason travels with each message: rejectionReason from our consumers, ERROR_CODE and
        // ERROR_MESSAGE from EventBridge, the invocation record from Lambda's on-failure destination.
        meaning: `${label} holds messages that could not be processed or delivered; each says why in its attributes.`,
        action: 'Read a message\'s reason, fix the cause, then redrive the queue with the command in the runbook.',
        section: RUNBOOK_SECTIONS.deadLetterQueue,
        metric: visible,
        threshold: 1,
        evaluationPeriods: 1,
      }),
      this.alarm(`${label}NearExpiry`, {
        meaning: `The oldest message in ${label} is ${expiresIn} days from being deleted by SQS (${QUEUE_RETENTION.toDays()} days' retention).`,
        action: 'Redrive it now, or save the messages (runbook) before they are lost.',
        section: RUNBOOK_SECTIONS.deadLetterAge,
        metric: age,
        threshold: QUEUE_RETENTION.toSeconds() - DEAD_LETTER_EXPIRY_WARNING.toSeconds(),
        evaluationPeriods: 1,
      }),
    ];
    this.dashboard.addWidgets(graph(`${label}: messages waiting`, [visible]), graph(`${label}: oldest message (s)`, [age]));
    return alarms;
  }

  /** A work queue: alarm when its oldest message has waited too long. */
  watchQueue(label: string, queue: IQueue, { maxMessageAge = Duration.minutes(15) }: QueueWatchOptions = {}): Alarm {
    const age = queue.metricApproximateAgeOfOldestMessage({ period: ONE_MINUTE, statistic: 'Maximum' });
    const alarm = this.alarm(`${label}Backlog`, {
      meaning: `The oldest message in ${label} has waited over ${maxMessageAge.toHumanString()}: its consumer is failing or cannot keep up.`,
      action: "Check the consumer's errors and throttles alarms and its log group; raise its concurrency if it is only slow.",
      section: RUNBOOK_SECTIONS.queueBacklog,
      metric: age,
      threshold: maxMessageAge.toSeconds(),
      // Five minutes in a row, so one slow batch does not page anyone.
      evaluationPeriods: 5,
    });
    this.dashboard.addWidgets(
      graph(`${label}: oldest message (s)`, [age]),
      graph(`${label}: messages`, [
        queue.metricNumberOfMessagesSent({ period: ONE_MINUTE, statistic: 'Sum' }),
        queue.metricApproximateNumberOfMessagesVisible({ period: ONE_MINUTE, statistic: 'Maximum' }),
      ]),
    );
    return alarm;
  }

  /** A function: errors (a whole batch or request failed), throttles, and a p99 duration near its timeout. */
  watchFunction(label: string, fn: IFunction): Alarm[] {
    const errors = fn.metricErrors({ period: FIVE_MINUTES, statistic: 'Sum' });
    const throttles = fn.metricThrottles({ period: FIVE_MINUTES, statistic: 'Sum' });
    const duration = fn.metricDuration({ period: FIVE_MINUTES, statistic: 'p99' });
    const alarms = [
      this.alarm(`${label}Errors`, {
        meaning: `${label} had failed invocations.`,
        action: 'Find the error in its log group (Logs Insights query in the runbook); a poison message ends in its dead-letter queue.',
        section: RUNBOOK_SECTIONS.functionErrors,
        metric: errors,
        threshold: 1,
        evaluationPeriods: 1,
      }),
      this.alarm(`${label}Throttles`, {
        meaning: `${label} was throttled: it reached its reserved concurrency or the account's limit.`,
        action: "Raise concurrency.reserved for it in the stage settings, or the account's quota; never lower the API's room.",
        section: RUNBOOK_SECTIONS.functionThrottles,
        metric: throttles,
        threshold: 1,
        evaluationPeriods: 1,
      }),
    ];
    const timeout = (fn as { timeout?: Duration }).timeout;
    // A function of 10 s or less answers requests (the API functions): API Gateway's p99 latency alarm
    // watches it already, and CloudFormation's 500 resources per stack leave no room for a duplicate.
    if (timeout && timeout.toSeconds() > REQUEST_FUNCTION_TIMEOUT_SECONDS) {
      alarms.push(
        this.alarm(`${label}NearTimeout`, {
          meaning: `${label}'s p99 duration is above 80% of its ${timeout.toHumanString()} timeout: invocations are about to time out.`,
          action: 'Look for a slow dependency (X-Ray trace map, DynamoDB throttles); raise the timeout only with the queue visibility timeout (6x).',
          section: RUNBOOK_SECTIONS.functionDuration,
          metric: duration,
          threshold: Math.round(timeout.toMilliseconds() * 0.8),
          evaluationPeriods: 3,
        }),
      );
    }
    this.dashboard.addWidgets(
      graph(`${label}: invocations`, [fn.metricInvocations({ period: FIVE_MINUTES, statistic: 'Sum' }), errors, throttles]),
      graph(`${label}: duration p99 (ms)`, [duration]),
    );
    return alarms;
  }

  /** A figure of our own code with its own threshold (for example, days of holiday calendar known ahead). */
  watchMetric(label: string, props: AlarmProps): Alarm {
    const alarm = this.alarm(label, props);
    this.dashboard.addWidgets(graph(label, [props.metric]));
    return alarm;
  }

  /** A count our own code emits that must stay at zero: alarm on the first one. */
  watchCount(label: string, metric: IMetric, what: Pick<AlarmProps, 'meaning' | 'action' | 'section'>): Alarm {
    const alarm = this.alarm(label, { ...what, metric, threshold: 1, evaluationPeriods: 1 });
    this.dashboard.addWidgets(graph(label, [metric]));
    return alarm;
  }

  /** The REST API stage: 5XX rate and p99 latency, with the web ACL's blocked requests beside them. */
  watchApi(label: string, api: RestApi, { webAclMetricName }: { webAclMetricName?: string } = {}): Alarm[] {
    const dimensions = { ApiName: api.restApiName, Stage: api.deploymentStage.stageName };
    const apiMetric = (metricName: string, statistic: string) =>
      new Metric({ namespace: 'AWS/ApiGateway', metricName, dimensionsMap: dimensions, statistic, period: FIVE_MINUTES });
    const count = apiMetric('Count', 'Sum');
    const serverErrors = apiMetric('5XXError', 'Sum');
    const latency = apiMetric('Latency', 'p99');
    // A rate, and only over enough requests that two failures at night do not page anyone.
    const rate = new MathExpression({
      expression: 'IF(requests >= 20, 100 * errors / requests, 0)',
      usingMetrics: { requests: count, errors: serverErrors },
      label: '5XX (% of requests)',
      period: FIVE_MINUTES,
    });
    const alarms = [
      this.alarm(`${label}ServerErrorRate`, {
        meaning: `Over 1% of ${label}'s requests answered 5XX in 5 minutes (no client input should ever cause one).`,
        action: "Check the API functions' error alarms and logs by correlationId; a 502/504 is a function crash or timeout.",
        section: RUNBOOK_SECTIONS.api5xx,
        metric: rate,
        threshold: 1,
        evaluationPeriods: 3,
        datapointsToAlarm: 2,
      }),
      this.alarm(`${label}Latency`, {
        meaning: `${label}'s p99 latency is above 3 s.`,
        action: 'Compare IntegrationLatency with Latency (the function or the gateway), then DynamoDB throttles and the trace map.',
        section: RUNBOOK_SECTIONS.apiLatency,
        metric: latency,
        threshold: 3000,
        evaluationPeriods: 3,
      }),
    ];
    const left: IMetric[] = [count, serverErrors, apiMetric('4XXError', 'Sum')];
    this.dashboard.addWidgets(graph(`${label}: requests, 4XX, 5XX`, left), graph(`${label}: latency p99 (ms)`, [latency, apiMetric('IntegrationLatency', 'p99')]));
    if (webAclMetricName) {
      const blocked = new Metric({
        namespace: 'AWS/WAFV2',
        metricName: 'BlockedRequests',
        dimensionsMap: { WebACL: webAclMetricName, Rule: 'ALL', Region: this.alarmStack.region },
        statistic: 'Sum',
        period: FIVE_MINUTES,
      });
      this.dashboard.addWidgets(graph(`${label}: requests blocked by the web ACL`, [blocked]));
    }
    return alarms;
  }

  /** A table: throttled requests and system errors, summed over the operations the stack uses. */
  watchTable(label: string, table: ITableV2): Alarm[] {
    const throttled = table.metricThrottledRequestsForOperations({ operations: TABLE_OPERATIONS, period: FIVE_MINUTES });
    const systemErrors = table.metricSystemErrorsForOperations({ operations: TABLE_OPERATIONS, period: FIVE_MINUTES });
    const alarms = [
      this.alarm(`${label}ThrottledRequests`, {
        meaning: `${label} throttled requests (on demand: a hot partition or the table's throughput limit).`,
        action: 'Find the operation and the function in the dashboard; retries absorb short bursts, a lasting one needs the runbook.',
        section: RUNBOOK_SECTIONS.tableThrottles,
        metric: throttled,
        threshold: 1,
        evaluationPeriods: 3,
        datapointsToAlarm: 2,
      }),
      this.alarm(`${label}SystemErrors`, {
        meaning: `DynamoDB answered ${label}'s requests with 500s (an AWS-side error).`,
        action: 'Check the AWS Health Dashboard for DynamoDB in the region; the SDK retries, failed messages are redriven later.',
        section: RUNBOOK_SECTIONS.tableSystemErrors,
        metric: systemErrors,
        threshold: 1,
        evaluationPeriods: 1,
      }),
    ];
    this.dashboard.addWidgets(graph(`${label}: throttled requests`, [throttled]), graph(`${label}: system errors`, [systemErrors]));
    return alarms;
  }

  /** A stream consumer: how far behind the newest record it reads (records expire after 24 hours). */
  watchStream(label: string, fn: IFunction, maxIteratorAge = Duration.minutes(15)): Alarm {
    const age = fn.metric('IteratorAge', { period: ONE_MINUTE, statistic: 'Maximum' });
    const alarm = this.alarm(`${label}IteratorAge`, {
      meaning: `${label} reads stream records over ${maxIteratorAge.toHumanString()} old: it is failing or falling behind (records expire after 24 h).`,
      action: 'Check its errors alarm and log group; a record that keeps failing goes to the stream-failure queue after its retries.',
      section: RUNBOOK_SECTIONS.streamIteratorAge,
      metric: age,
      threshold: maxIteratorAge.toMilliseconds(),
      evaluationPeriods: 5,
    });
    this.dashboard.addWidgets(graph(`${label}: iterator age (ms)`, [age]));
    return alarm;
  }

  /** A schedule: invocations EventBridge could not make (its DLQ and the function's destination are watched as DLQs). */
  watchSchedule(label: string, rule: IRule): Alarm {
    const failed = new Metric({ namespace: 'AWS/Events', metricName: 'FailedInvocations', dimensionsMap: { RuleName: rule.ruleName }, statistic: 'Sum', period: FIVE_MINUTES });
    const alarm = this.alarm(`${label}FailedInvocations`, {
      meaning: `EventBridge could not invoke the target of ${label}.`,
      action: "Read the schedule's dead-letter queue (ERROR_CODE), fix the permission or the function, then run the job by hand (runbook).",
      section: RUNBOOK_SECTIONS.scheduleFailures,
      metric: failed,
      threshold: 1,
      evaluationPeriods: 1,
    });
    this.dashboard.addWidgets(
      graph(`${label}: invocations`, [
        new Metric({ namespace: 'AWS/Events', metricName: 'Invocations', dimensionsMap: { RuleName: rule.ruleName }, statistic: 'Sum', period: FIVE_MINUTES }),
        failed,
      ]),
    );
    return alarm;
  }

  private alarm(id: string, props: AlarmProps): Alarm {
    const alarm = new Alarm(this.alarmStack, id, {
      alarmName: `${this.alarmNamePrefix}${kebab(id)}`,
      // What it means, what to do first, and where the rest is: what an engineer paged at 3 a.m. reads.
      alarmDescription: `${props.meaning} Do: ${props.action} Runbook: ${RUNBOOK}#${props.section}`,
      metric: props.metric,
      threshold: props.threshold,
      evaluationPeriods: props.evaluationPeriods,
      ...(props.datapointsToAlarm ? { datapointsToAlarm: props.datapointsToAlarm } : {}),
      comparisonOperator: props.comparisonOperator ?? ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      // No data means nothing arrived: a quiet queue or an idle function is healthy.
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    const notify = new SnsAction(this.alarmTopic);
    alarm.addAlarmAction(notify);
    alarm.addOkAction(notify);
    this.alarms.push(alarm);
    return alarm;
  }
}

const graph = (title: string, metrics: IMetric[]) => new GraphWidget({ title, left: metrics, width: 12, height: 6 });

const kebab = (id: string) => id.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
