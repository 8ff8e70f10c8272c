// The segmentation endpoints as they run deployed, on a real socket: the routes and gateway responses
// of a synthesized stack holding the customer API and the segmentation construct, served by the local
// API Gateway, with the real segmentation-api handler invoked in-process and DynamoDB Local behind it.
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { EventBus } from 'aws-cdk-lib/aws-events';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CustomerApi } from '../../../infra/constructs/customer-api';
import { CustomerRecordsTable } from '../../../infra/constructs/customer-records-table';
import { Segmentation } from '../../../infra/constructs/segmentation';
import { stageConfig } from '../../../infra/stage-config';
import { apiRoutesFromTemplate } from '../../../local/apigateway/api-routes';
import { gatewayResponsesFromTemplate } from '../../../local/apigateway/gateway-responses';
import { localTokens, type MintOptions } from '../../../local/apigateway/local-tokens';
import { startApiGateway } from '../../../local/apigateway/server';
import { freePort } from '../../../local/services/free-port';
import { lambdaContext } from '../../support/events';
import { createQueue, useLocalAwsEnvironment } from '../../support/local-aws';
import { createSegmentationTable } from './segmentation-support';

type CfnResources = Record<string, { Type: string; Properties?: any }>;

export async function startSegmentationApi() {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new Stack(app, 'SegmentationApiTest', { analyticsReporting: false });
  const config = stageConfig('dev');
  const table = new CustomerRecordsTable(stack, 'CustomerRecords', config).table;
  const bus = new EventBus(stack, 'Bus');
  const customerApi = new CustomerApi(stack, 'CustomerApi', { config, table });
  new Segmentation(stack, 'Segmentation', { config, table, bus, customerApi });
  const resources = Template.fromStack(stack).toJSON().Resources as CfnResources;
  const [apiFnId, apiFn] = Object.entries(resources).find(([, r]) => r.Properties?.Environment?.Variables?.POWERTOOLS_SERVICE_NAME === 'segmentation-api')!;

  useLocalAwsEnvironment();
  const { tableName } = await createSegmentationTable();
  process.env.TABLE_NAME = tableName;
  process.env.WORK_QUEUE_URL = await createQueue();
  for (const [name, value] of Object.entries<unknown>(apiFn.Properties.Environment.Variables)) {
    if (typeof value === 'string' && name !== 'POWERTOOLS_METRICS_NAMESPACE') process.env[name] = value;
  }
  const { handler } = await import('../../../functions/segmentation-api/handler');
  const tokens = localTokens({ keyDir: mkdtempSync(join(tmpdir(), 'crm-tokens-')) });
  const gateway = await startApiGateway({
    port: await freePort(),
    stage: config.stage,
    routes: apiRoutesFromTemplate(resources),
    gatewayResponses: gatewayResponsesFromTemplate(resources),
    verifyToken: tokens.verify,
    invoke: async (functionId, event) => {
      // Only the segmentation routes are exercised here; anything else would be a routing mistake.
      if (functionId !== apiFnId) throw new Error(`no function ${functionId} in this test`);
      return handler(event, lambdaContext('segmentation-api'));
    },
  });
  const call = async (path: string, o: { token?: string; method?: string; body?: unknown } = {}) => {
    const response = await fetch(`${gateway.url}${path}`, {
      method: o.method ?? 'GET',
      headers: { ...(o.token ? { Authorization: `Bearer ${o.token}` } : {}), ...(o.body !== undefined ? { 'Content-Type': 'application/json' } : {}) },
      ...(o.body !== undefined ? { body: JSON.stringify(o.body) } : {}),
    });
    const text = await response.text();
    let json: any;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: response.status, headers: response.headers, text, json };
  };
  return { tableName, call, token: (o: MintOptions) => tokens.mint(o), stop: gateway.stop };
}
