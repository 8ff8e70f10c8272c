// The segmentation endpoints as they run deployed, on a real socket: the routes and gateway responses
// of a synthesized stack holding the customer API and the segmentation construct, served by the local
// API Gateway, with the real segmentation-api handler invoked in-process and DynamoDB Local behind it.
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { EventBus } from 'aws-cdk-lib/aws-events';
import { CustomerApi } from '../../../infra/constructs/customer-api';
import { CustomerRecordsTable } from '../../../infra/constructs/customer-records-table';
import { Segmentation } from '../../../infra/constructs/segmentation';
import { stageConfig } from '../../../infra/stage-config';
import { functionLogicalId, startTestGateway, useFunctionEnvironment, type CfnResources } from '../../support/api-harness';
import { createQueue, useAccessRecord, useLocalAwsEnvironment } from '../../support/local-aws';
import { createSegmentationTable } from './segmentation-support';

export async function startSegmentationApi() {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new Stack(app, 'SegmentationApiTest', { analyticsReporting: false });
  const config = stageConfig('dev');
  const table = new CustomerRecordsTable(stack, 'CustomerRecords', config).table;
  const bus = new EventBus(stack, 'Bus');
  const customerApi = new CustomerApi(stack, 'CustomerApi', { config, table });
  new Segmentation(stack, 'Segmentation', { config, table, bus, customerApi });
  const resources = Template.fromStack(stack).toJSON().Resources as CfnResources;
  const apiFnId = functionLogicalId(resources, 'segmentation-api');

  useLocalAwsEnvironment();
  const { tableName } = await createSegmentationTable();
  process.env.TABLE_NAME = tableName;
  process.env.WORK_QUEUE_URL = await createQueue();
  const accessRecordTable = await useAccessRecord();
  useFunctionEnvironment(resources, apiFnId);
  const { handler } = await import('../../../functions/segmentation-api/handler');
  // Only the segmentation routes are exercised here; anything else would be a routing mistake.
  const gateway = await startTestGateway({ resources, stage: config.stage, handlers: { [apiFnId]: { name: 'segmentation-api', handler } } });
  return { ...gateway, tableName, accessRecordTable };
}
