// The CustomerApi construct synthesized in a test stack beside the customer-records table, without
// bundling the function (its code is what the tests import and run in-process).
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { CustomerApi } from '../../../infra/constructs/customer-api';
import { CustomerRecordsTable } from '../../../infra/constructs/customer-records-table';
import { stageConfig, type StageConfig, type StageName } from '../../../infra/stage-config';
import type { CfnResources } from '../../support/api-harness';

export { functionLogicalId, type CfnResources } from '../../support/api-harness';

export function buildCustomerApiStack(stage: StageName = 'dev', api: Partial<StageConfig['api']> = {}) {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new Stack(app, `CustomerApiTest-${stage}`, { analyticsReporting: false });
  const base = stageConfig(stage);
  const config: StageConfig = { ...base, api: { ...base.api, ...api } };
  const table = new CustomerRecordsTable(stack, 'CustomerRecords', config).table;
  const customerApi = new CustomerApi(stack, 'CustomerApi', { config, table });
  return { app, stack, config, customerApi };
}

export function synthCustomerApi(stage: StageName = 'dev', api: Partial<StageConfig['api']> = {}) {
  const built = buildCustomerApiStack(stage, api);
  const template = Template.fromStack(built.stack);
  return { ...built, template, resources: template.toJSON().Resources as CfnResources };
}
