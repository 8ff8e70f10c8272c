// One stack per stage: the customer-records table, event ingestion, and the operations that watch them.
import { ComparisonOperator } from 'aws-cdk-lib/aws-cloudwatch';
import { CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import { ManagedPolicy, PermissionsBoundary } from 'aws-cdk-lib/aws-iam';
import type { TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import type { EventBus } from 'aws-cdk-lib/aws-events';
import type { Construct } from 'constructs';
import { CamtIngestion } from './constructs/camt-ingestion';
import { Complaints } from './constructs/complaints';
import { CustomerApi } from './constructs/customer-api';
import { DataProtection } from './constructs/data-protection';
import { CustomerRecordsTable } from './constructs/customer-records-table';
import { EventIngestion } from './constructs/event-ingestion';
import { FineractIngestion } from './constructs/fineract-ingestion';
import { InitialLoad } from './constructs/initial-load';
import { Operations, RUNBOOK_SECTIONS } from './constructs/operations';
import { ParkedEntriesReport } from './constructs/parked-entries';
import { Platform } from './constructs/platform';
import { Segmentation } from './constructs/segmentation';
import type { StageConfig } from './stage-config';

export type CrmStackProps = StackProps & { config: StageConfig };

export class CrmStack extends Stack {
  readonly table: TableV2;
  readonly bus: EventBus;
  readonly operations: Operations;
  readonly ingestion: EventIngestion;
  readonly customerApi: CustomerApi;
  readonly complaints: Complaints;

  constructor(scope: Construct, id: string, { config, ...props }: CrmStackProps) {
    super(scope, id, {
      description: `Bank CRM integration layer (${config.stage}): core-banking events become customer records`,
      terminationProtection: config.deletionProtection,
      // No AWS::CDK::Metadata resource: the template stays plain CloudFormation for the local runtime.
      analyticsReporting: false,
      // The stage's account and region when set (prod requires them): a deploy with other credentials fails.
      ...(config.env ? { env: config.env } : {}),
      ...props,
    });
    // First: the stage's shared defaults (configuration, data key) that CrmFunction and secureQueue find.
    new Platform(this, config);
    // Every role of the stack (functions, CDK's helpers) under the bank's boundary, when it has one.
    if (config.permissionsBoundaryArn) {
      PermissionsBoundary.of(this).apply(ManagedPolicy.fromManagedPolicyArn(this, 'PermissionsBoundary', config.permissionsBoundaryArn));
    }

    this.table = new CustomerRecordsTable(this, 'CustomerRecords', config).table;
    this.operations = new Operations(this, 'Operations', { config });

    this.ingestion = new EventIngestion(this, 'EventIngestion', { config, table: this.table });
    this.bus = this.ingestion.bus;
    this.operations.watchQueue('IngestionQueue', this.ingestion.queue);
    this.operations.watchDeadLetterQueue('IngestionDeadLetterQueue', this.ingestion.deadLetterQueue);
    this.operations.watchDeadLetterQueue('DeliveryDeadLetterQueue', this.ingestion.deliveryDeadLetterQueue);
    this.operations.watchFunction('IngestEvents', this.ingestion.consumer);
    this.operations.watchCount('UnroutedEvents', this.ingestion.unroutedEvents.metricApproximateNumberOfMessagesVisible({ statistic: 'Maximum' }), {
      meaning: 'Events reached the bus that no rule takes: a detail-type the layer does not know, or an unknown source.',
      action: 'Read them from the UnroutedEvents queue: fix the producer, or map the new detail-type and replay them.',
      section: RUNBOOK_SECTIONS.unroutedEvents,
    });
    this.operations.watchTable('CustomerRecordsTable', this.table);

    this.customerApi = new CustomerApi(this, 'CustomerApi', { config, table: this.table });
    this.operations.watchFunction('CustomerApi', this.customerApi.handler);
    this.operations.watchFunction('ApiDocument', this.customerApi.documentHandler);
    this.operations.watchApi('CustomerApi', this.customerApi.api, { webAclMetricName: this.customerApi.webAcl?.metricPrefix && `${this.customerApi.webAcl.metricPrefix}-all` });

    const segmentation = new Segmentation(this, 'Segmentation', { config, table: this.table, bus: this.bus, customerApi: this.customerApi });
    this.operations.watchQueue('SegmentationWorkQueue', segmentation.workQueue, { maxMessageAge: Duration.hours(1) });
    for (const [label, dlq] of [
      ['SegmentationWorkDeadLetterQueue', segmentation.workDeadLetterQueue],
      ['SegmentationStreamFailures', segmentation.streamFailureQueue],
      ['SegmentationScheduleDeadLetterQueue', segmentation.scheduleDeadLetterQueue],
    ] as const) this.operations.watchDeadLetterQueue(label, dlq);
    this.operations.watchFunction('SegmentationReevaluate', segmentation.reevaluate);
    this.operations.watchFunction('SegmentationRecalibrationStart', segmentation.recalibrationStart);
    this.operations.watchFunction('SegmentationRecalibrationWorker', segmentation.recalibrationWorker);
    this.operations.watchFunction('SegmentationApi', segmentation.api);
    this.operations.watchStream('SegmentationStream', segmentation.reevaluate);
    this.operations.watchSchedule('RecalibrationSchedule', segmentation.schedule);

    new InitialLoad(this, 'InitialLoad', { config, table: this.table, bus: this.bus, customerApi: this.customerApi, recalibrationQueue: segmentation.workQueue, operations: this.operations });

    this.complaints = new Complaints(this, 'Complaints', { config, bus: this.bus, customerRecords: this.table, api: this.customerApi });
    this.operations.watchFunction('ComplaintApi', this.complaints.api);
    this.operations.watchFunction('ComplaintInsights', this.complaints.insights);
    this.operations.watchDeadLetterQueue('ComplaintRoutingDeadLetterQueue', this.complaints.routingDeadLetterQueue);
    this.operations.watchDeadLetterQueue('ComplaintRoutingStreamFailures', this.complaints.routingStreamFailureQueue);
    this.operations.watchFunction('ComplaintRouter', this.complaints.router);
    // Routing is owed within minutes: the outbox stream is watched closer than the 15 minutes of re-evaluation.
    this.operations.watchStream('ComplaintRoutingStream', this.complaints.router, Duration.minutes(5));
    this.operations.watchFunction('ComplaintBreaches', this.complaints.breaches);
    this.operations.watchSchedule('BreachScanSchedule', this.complaints.breachSchedule);
    this.operations.watchDeadLetterQueue('BreachScheduleDeadLetterQueue', this.complaints.breachScheduleDeadLetterQueue);
    this.operations.watchTable('ComplaintsTable', this.complaints.table);
    const dataProtection = new DataProtection(this, 'DataProtection', { config, bus: this.bus, customerRecords: this.table, complaints: this.complaints.table, customerApi: this.customerApi });
    this.operations.watchFunction('DataProtectionApi', dataProtection.api);
    this.operations.watchMetric('ComplaintCalendarEnding', {
      meaning: 'The complaint holiday calendar in force ends within 45 days.',
      action: 'Add the next year: PUT /admin/complaint-calendars/{jurisdiction}/{year} (admin), from the official notice.',
      section: RUNBOOK_SECTIONS.complaintCalendar,
      metric: this.complaints.calendarDaysKnownAhead,
      threshold: 45,
      comparisonOperator: ComparisonOperator.LESS_THAN_THRESHOLD,
      evaluationPeriods: 1,
    });
    this.operations.watchCount('ComplaintDeadlinesBeyondCalendar', this.complaints.deadlinesBeyondCalendar, {
      meaning: 'A complaint deadline was counted past the known holiday calendar: conservative (never late), and flagged.',
      action: 'Add the missing year through PUT /admin/complaint-calendars/{jurisdiction}/{year}; routed complaints keep their deadline.',
      section: RUNBOOK_SECTIONS.complaintCalendar,
    });
    this.operations.showBusinessFigures([
      { title: 'Events applied', service: 'ingest-events', metricName: 'EventsApplied' },
      { title: 'Events rejected', service: 'ingest-events', metricName: 'EventsRejected' },
      { title: 'Complaints routed', service: 'complaint-router', metricName: 'ComplaintsRouted' },
      { title: 'Complaints escalated', service: 'complaint-breaches', metricName: 'ComplaintsEscalated' },
      { title: 'Segment changes published', service: 'segmentation-reevaluate', metricName: 'SegmentChangesPublished' },
    ]);

    if (config.fineract) {
      const fineract = new FineractIngestion(this, 'Fineract', { config, fineract: config.fineract, table: this.table, ingestion: this.ingestion });
      this.operations.watchDeadLetterQueue('FineractRejectedMessages', fineract.deadLetterQueue);
      this.operations.watchFunction('FineractEvents', fineract.consumer);
    }

    const parkedEntries = new ParkedEntriesReport(this, 'ParkedEntries', { config, table: this.table, customerApi: this.customerApi });
    this.operations.watchCount('ParkedEntriesOverdue', parkedEntries.overdueMetric, {
      meaning: `Entries have waited over ${config.connectors.parkedEntryAlarmAfterHours} h for an account that has not arrived.`,
      action: 'GET /admin/parked-entries lists them: find why their AccountOpened is missing (producer, account mapping).',
      section: RUNBOOK_SECTIONS.parkedEntriesOverdue,
    });
    this.operations.watchSchedule('ParkedEntriesReportSchedule', parkedEntries.schedule);
    this.operations.watchDeadLetterQueue('ParkedEntriesScheduleDeadLetterQueue', parkedEntries.scheduleDeadLetterQueue);
    this.operations.watchFunction('ParkedEntriesReport', parkedEntries.report);
    this.operations.watchFunction('ParkedEntriesApi', parkedEntries.api);

    // Every function serving personal data records there (CustomerApi.accessRecord.recordFrom).
    const accessRecord = this.customerApi.accessRecord;
    this.operations.watchFunction('AccessRecordApi', accessRecord.api);
    this.operations.watchTable('AccessRecordTable', accessRecord.table);
    this.operations.watchCount('BreakGlassAccess', accessRecord.breakGlassAccesses(), {
      meaning: 'A member of staff reached customer data beyond their need-to-know with a stated reason (break-glass).',
      action: 'Compliance reviews the reason: GET /compliance/staff/{staffRef}/accesses lists what they reached (docs/data-protection.md).',
      section: RUNBOOK_SECTIONS.breakGlass,
    });

    const camt = new CamtIngestion(this, 'CamtIngestion', { config, customerRecords: this.table, ingestion: this.ingestion, operations: this.operations, customerApi: this.customerApi });

    // The queues the runbook's redrive commands name (docs/runbook.md): each DLQ and where it redrives to.
    for (const [name, queue] of [
      ['IngestionQueue', this.ingestion.queue],
      ['IngestionDeadLetterQueue', this.ingestion.deadLetterQueue],
      ['DeliveryDeadLetterQueue', this.ingestion.deliveryDeadLetterQueue],
      ['UnroutedEvents', this.ingestion.unroutedEvents],
      ['SegmentationWorkQueue', segmentation.workQueue],
      ['SegmentationWorkDeadLetterQueue', segmentation.workDeadLetterQueue],
      ['SegmentationStreamFailures', segmentation.streamFailureQueue],
      ['SegmentationScheduleDeadLetterQueue', segmentation.scheduleDeadLetterQueue],
      ['ComplaintRoutingDeadLetterQueue', this.complaints.routingDeadLetterQueue],
      ['ComplaintRoutingStreamFailures', this.complaints.routingStreamFailureQueue],
      ['BreachScheduleDeadLetterQueue', this.complaints.breachScheduleDeadLetterQueue],
      ['CamtFileQueue', camt.fileQueue],
      ['CamtFileDeadLetterQueue', camt.fileDeadLetterQueue],
      ['CamtMessageQueue', camt.messageQueue],
      ['CamtMessageDeadLetterQueue', camt.messageDeadLetterQueue],
      ...(this.operations.alarmDeliveryDeadLetterQueue ? [['AlarmDeliveryDeadLetterQueue', this.operations.alarmDeliveryDeadLetterQueue] as const] : []),
    ] as const) {
      new CfnOutput(this, `${name}Arn`, { value: queue.queueArn });
      new CfnOutput(this, `${name}Url`, { value: queue.queueUrl });
    }
    new CfnOutput(this, 'EventArchiveName', { value: this.ingestion.archive.archiveName });
    new CfnOutput(this, 'IngestionRuleArn', { value: this.ingestion.rule.ruleArn });
    new CfnOutput(this, 'RecalibrationStartFunctionName', { value: segmentation.recalibrationStart.functionName });
    new CfnOutput(this, 'BreachScanFunctionName', { value: this.complaints.breaches.functionName });
    new CfnOutput(this, 'EventBusName', { value: this.bus.eventBusName, description: 'Producers put core-banking events here' });
    new CfnOutput(this, 'CustomerRecordsTableName', { value: this.table.tableName });
    new CfnOutput(this, 'AccessRecordTableName', { value: accessRecord.table.tableName });
    new CfnOutput(this, 'AlarmTopicArn', { value: this.operations.alarmTopic.topicArn });
    new CfnOutput(this, 'CustomerApiUrl', { value: this.customerApi.api.url });
    new CfnOutput(this, 'UserPoolId', { value: this.customerApi.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: this.customerApi.userPoolClient.userPoolClientId });
    new CfnOutput(this, 'CursorKeySecretArn', { value: this.customerApi.cursorKey.secret.secretArn, description: 'Signs page cursors: rotate with put-secret-value (docs/runbook.md)' });
  }
}
