// Entries parked for an account that never arrives (docs/accounts.md): an hourly schedule counts the
// overdue ones into ParkedEntriesOverdue (the stack alarms on it through Operations), and a small
// function of its own serves GET /admin/parked-entries on the REST API.
//
//   schedule (hourly) ─→ parked-entries-report ─→ ParkedEntriesOverdue ─→ alarm
//        └─ (failed) ─→ schedule DLQ
//   GET /admin/parked-entries ─→ parked-entries-api ─→ customer-records (parked index, read only)
import { Duration } from 'aws-cdk-lib';
import { Metric } from 'aws-cdk-lib/aws-cloudwatch';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { parkedEntriesRoutes } from '../../shared/contracts/api/parked-entries-routes';
import type { StageConfig } from '../stage-config';
import { CrmFunction, POWERTOOLS_NAMESPACE } from './crm-function';
import type { CustomerApi } from './customer-api';
import { secureQueue } from './secure-queue';

export type ParkedEntriesProps = { config: StageConfig; table: ITable; customerApi: CustomerApi };

const REPORT_FUNCTION = 'parked-entries-report';

export class ParkedEntriesReport extends Construct {
  readonly report: CrmFunction;
  readonly api: CrmFunction;
  readonly schedule: Rule;
  readonly scheduleDeadLetterQueue: Queue;
  /** Entries parked longer than the stage's alarm age, as the last scheduled run counted them. */
  readonly overdueMetric: Metric;

  constructor(scope: Construct, id: string, { config, table, customerApi }: ParkedEntriesProps) {
    super(scope, id);
    const common = { logRetention: config.logRetentionDays, removalPolicy: config.removalPolicy };
    const alarmAfter = { PARKED_ENTRY_ALARM_AFTER_HOURS: String(config.connectors.parkedEntryAlarmAfterHours) };

    this.scheduleDeadLetterQueue = secureQueue(this, 'ScheduleDeadLetterQueue', { deadLetterFor: 'the parked-entries report schedule and its function' });
    this.report = new CrmFunction(this, 'Report', {
      functionName: REPORT_FUNCTION,
      description: 'Counts entries parked longer than the alarm age for an account that has not arrived',
      timeout: Duration.minutes(1),
      memorySize: 256,
      environment: alarmAfter,
      // Invoked asynchronously by the schedule: what fails after its retries lands beside the schedule's DLQ.
      onFailure: new SqsDestination(this.scheduleDeadLetterQueue),
      retryAttempts: 2,
      ...common,
    });
    // ParkedEntries.countParkedBefore: one Query per shard of the parked-by-age index.
    this.report.bindTable(table, 'TABLE_NAME', ['Query']);

    this.schedule = new Rule(this, 'Schedule', {
      description: 'Counts overdue parked entries',
      schedule: Schedule.rate(Duration.hours(1)),
    });
    this.schedule.addTarget(
      new LambdaFunction(this.report, { deadLetterQueue: this.scheduleDeadLetterQueue, retryAttempts: 2, maxEventAge: Duration.hours(1) }),
    );

    // Powertools adds the service dimension (the function's POWERTOOLS_SERVICE_NAME) to every metric.
    this.overdueMetric = new Metric({
      namespace: POWERTOOLS_NAMESPACE,
      metricName: 'ParkedEntriesOverdue',
      dimensionsMap: { service: REPORT_FUNCTION },
      statistic: 'Maximum',
      period: Duration.hours(1),
    });

    this.api = new CrmFunction(this, 'Api', {
      functionName: 'parked-entries-api',
      description: 'GET /admin/parked-entries: entries waiting for an account that has not arrived',
      memorySize: 256,
      environment: { ...alarmAfter, ALLOWED_ORIGINS: config.api.allowedOrigins.join(',') },
      ...common,
    });
    // ParkedEntries.parkedBefore: Queries on the parked-by-age index.
    this.api.bindTable(table, 'TABLE_NAME', ['Query']);
    customerApi.addRoutes(parkedEntriesRoutes, this.api);
  }
}
