// What operators watch: an encrypted alarm topic, alarms that mean "something needs a person", and one
// dashboard. Other constructs do not build alarms themselves; the stack registers their queues and
// functions here (watchQueue, watchDeadLetterQueue, watchFunction), so every capability is watched the
// same way and the alarm names share the prefix the topic's and key's policies are scoped to.
import { ArnFormat, Duration, Stack } from 'aws-cdk-lib';
import {
  Alarm,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  type IMetric,
  TextWidget,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { StageConfig } from '../stage-config';

export type OperationsProps = { config: StageConfig };

export type QueueWatchOptions = {
  /** Alarm when the oldest message has waited this long: the consumer is stuck or far behind. */
  maxMessageAge?: Duration;
};

const ONE_MINUTE = Duration.minutes(1);
const FIVE_MINUTES = Duration.minutes(5);

export class Operations extends Construct {
  readonly alarmTopic: Topic;
  readonly dashboard: Dashboard;
  readonly alarms: Alarm[] = [];
  /** Every alarm name starts with this; the topic and key trust CloudWatch only for such alarms. */
  readonly alarmNamePrefix: string;

  constructor(scope: Construct, id: string, { config }: OperationsProps) {
    super(scope, id);
    const stack = Stack.of(this);
    this.alarmNamePrefix = `crm-${config.stage}-`;

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
    if (config.alarmEmail) this.alarmTopic.addSubscription(new EmailSubscription(config.alarmEmail));

    this.dashboard = new Dashboard(this, 'Dashboard', {
      dashboardName: `crm-${config.stage}`,
      defaultInterval: Duration.hours(3),
    });
    this.dashboard.addWidgets(
      new TextWidget({
        markdown: `# CRM integration (${config.stage})\nDead-letter queues should stay empty: a message there carries its rejection reason; fix the cause, then redrive.`,
        width: 24,
        height: 2,
      }),
    );
  }

  /** Any message in a dead-letter queue needs a person: alarm on the first one. */
  watchDeadLetterQueue(label: string, queue: IQueue): Alarm {
    const visible = queue.metricApproximateNumberOfMessagesVisible({ period: ONE_MINUTE, statistic: 'Maximum' });
    const alarm = this.alarm(`${label}NotEmpty`, {
      // The reason travels with each message: rejectionReason from our consumers, ERROR_CODE and
      // ERROR_MESSAGE from EventBridge.
      description: `${label} holds messages that could not be processed or delivered. Their attributes say why: fix the cause, then redrive.`,
      metric: visible,
      threshold: 1,
      evaluationPeriods: 1,
    });
    this.dashboard.addWidgets(graph(`${label}: messages waiting`, [visible]));
    return alarm;
  }

  /** A work queue: alarm when its oldest message has waited too long. */
  watchQueue(label: string, queue: IQueue, { maxMessageAge = Duration.minutes(15) }: QueueWatchOptions = {}): Alarm {
    const age = queue.metricApproximateAgeOfOldestMessage({ period: ONE_MINUTE, statistic: 'Maximum' });
    const alarm = this.alarm(`${label}Backlog`, {
      description: `The oldest message in ${label} has waited over ${maxMessageAge.toHumanString()}: its consumer is failing or cannot keep up.`,
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

  /** A function: alarm on errors (a whole batch or request failed) and on throttles. */
  watchFunction(label: string, fn: IFunction): Alarm[] {
    const errors = fn.metricErrors({ period: FIVE_MINUTES, statistic: 'Sum' });
    const throttles = fn.metricThrottles({ period: FIVE_MINUTES, statistic: 'Sum' });
    const alarms = [
      this.alarm(`${label}Errors`, {
        description: `${label} failed invocations: see its log group for the error.`,
        metric: errors,
        threshold: 1,
        evaluationPeriods: 1,
      }),
      this.alarm(`${label}Throttles`, {
        description: `${label} was throttled: raise the account's concurrency or lower the event source's.`,
        metric: throttles,
        threshold: 1,
        evaluationPeriods: 1,
      }),
    ];
    this.dashboard.addWidgets(
      graph(`${label}: invocations`, [fn.metricInvocations({ period: FIVE_MINUTES, statistic: 'Sum' }), errors, throttles]),
      graph(`${label}: duration p99 (ms)`, [fn.metricDuration({ period: FIVE_MINUTES, statistic: 'p99' })]),
    );
    return alarms;
  }

  /** A count our own code emits that must stay at zero: alarm on the first one. */
  watchCount(label: string, metric: IMetric, description: string): Alarm {
    const alarm = this.alarm(label, { description, metric, threshold: 1, evaluationPeriods: 1 });
    this.dashboard.addWidgets(graph(label, [metric]));
    return alarm;
  }

  private alarm(id: string, props: { description: string; metric: IMetric; threshold: number; evaluationPeriods: number }): Alarm {
    const alarm = new Alarm(this, id, {
      alarmName: `${this.alarmNamePrefix}${kebab(id)}`,
      alarmDescription: props.description,
      metric: props.metric,
      threshold: props.threshold,
      evaluationPeriods: props.evaluationPeriods,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
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
