// The CustomerApi construct synthesized in a test stack beside the customer-records table, without
// bundling the function (its code is what the tests import and run in-process).
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { CustomerApi } from '../../../infra/constructs/customer-api';
import { CustomerRecordsTable } from '../../../infra/constructs/customer-records-table';
import { stageConfig, type StageConfig, type StageName } from '../../../infra/stage-config';

export type CfnResources = Record<string, { Type: string; Properties?: any; DependsOn?: unknown }>;

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

/** The logical id of the function a CrmFunction named `functionName` became. */
export function functionLogicalId(resources: CfnResources, functionName: string): string {
  const found = Object.entries(resources).filter(
    ([, r]) => r.Type === 'AWS::Lambda::Function' && r.Properties?.Environment?.Variables?.POWERTOOLS_SERVICE_NAME === functionName,
  );
  if (found.length !== 1) throw new Error(`Expected one ${functionName} function, found ${found.length}`);
  return found[0]![0];
}
