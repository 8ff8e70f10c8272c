// One stack per stage: the customer-records table, event ingestion, and the operations that watch them.
import { CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import type { TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import type { EventBus } from 'aws-cdk-lib/aws-events';
import type { Construct } from 'constructs';
import { Complaints } from './constructs/complaints';
import { CustomerApi } from './constructs/customer-api';
import { CustomerRecordsTable } from './constructs/customer-records-table';
import { EventIngestion } from './constructs/event-ingestion';
import { InitialLoad } from './constructs/initial-load';
import { Operations } from './constructs/operations';
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
      ...props,
    });

    this.table = new CustomerRecordsTable(this, 'CustomerRecords', config).table;
    this.operations = new Operations(this, 'Operations', { config });

    this.ingestion = new EventIngestion(this, 'EventIngestion', { config, table: this.table });
    this.bus = this.ingestion.bus;
    this.operations.watchQueue('IngestionQueue', this.ingestion.queue);
    this.operations.watchDeadLetterQueue('IngestionDeadLetterQueue', this.ingestion.deadLetterQueue);
    this.operations.watchDeadLetterQueue('DeliveryDeadLetterQueue', this.ingestion.deliveryDeadLetterQueue);
    this.operations.watchFunction('IngestEvents', this.ingestion.consumer);

    this.customerApi = new CustomerApi(this, 'CustomerApi', { config, table: this.table });
    this.operations.watchFunction('CustomerApi', this.customerApi.handler);
    this.operations.watchFunction('ApiDocument', this.customerApi.documentHandler);

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

    new InitialLoad(this, 'InitialLoad', { config, table: this.table, bus: this.bus, customerApi: this.customerApi, recalibrationQueue: segmentation.workQueue, operations: this.operations });

    this.complaints = new Complaints(this, 'Complaints', { config, bus: this.bus, customerRecords: this.table, api: this.customerApi });
    this.operations.watchFunction('ComplaintApi', this.complaints.api);
    this.operations.watchFunction('ComplaintInsights', this.complaints.insights);
    this.operations.watchQueue('ComplaintRoutingQueue', this.complaints.routingQueue, { maxMessageAge: Duration.minutes(5) });
    this.operations.watchDeadLetterQueue('ComplaintRoutingDeadLetterQueue', this.complaints.routingDeadLetterQueue);
    this.operations.watchDeadLetterQueue('ComplaintDeliveryDeadLetterQueue', this.complaints.deliveryDeadLetterQueue);
    this.operations.watchFunction('ComplaintRouter', this.complaints.router);
    this.operations.watchFunction('ComplaintBreaches', this.complaints.breaches);

    new CfnOutput(this, 'EventBusName', { value: this.bus.eventBusName, description: 'Producers put core-banking events here' });
    new CfnOutput(this, 'CustomerRecordsTableName', { value: this.table.tableName });
    new CfnOutput(this, 'AlarmTopicArn', { value: this.operations.alarmTopic.topicArn });
    new CfnOutput(this, 'CustomerApiUrl', { value: this.customerApi.api.url });
    new CfnOutput(this, 'UserPoolId', { value: this.customerApi.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: this.customerApi.userPoolClient.userPoolClientId });
  }
}
