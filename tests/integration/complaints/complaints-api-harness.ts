// The complaint API as it runs deployed, on a real socket: the Complaints construct synthesized beside
// the customer API (routes, gateway responses, authorizer), served by the local API Gateway with local
// tokens; the real complaint-api and customer-api handlers invoked in-process; DynamoDB Local and a local
// EventBridge bus behind them.
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { EventBus } from 'aws-cdk-lib/aws-events';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Complaints } from '../../../infra/constructs/complaints';
import { CustomerApi } from '../../../infra/constructs/customer-api';
import { CustomerRecordsTable } from '../../../infra/constructs/customer-records-table';
import { stageConfig } from '../../../infra/stage-config';
import { apiRoutesFromTemplate } from '../../../local/apigateway/api-routes';
import { gatewayResponsesFromTemplate } from '../../../local/apigateway/gateway-responses';
import { localTokens, type MintOptions } from '../../../local/apigateway/local-tokens';
import { startApiGateway } from '../../../local/apigateway/server';
import { freePort } from '../../../local/services/free-port';
import { lambdaContext } from '../../support/events';
import { createCustomerTable, createQueue, useLocalAwsEnvironment } from '../../support/local-aws';
import { functionLogicalId, type CfnResources } from '../api/synth-customer-api';
import { createComplaintsTable, startComplaintBus } from './complaints-support';

export function synthComplaints(stage: 'dev' | 'prod' = 'dev') {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new Stack(app, `ComplaintsTest-${stage}`, { analyticsReporting: false });
  const config = stageConfig(stage);
  const customerRecords = new CustomerRecordsTable(stack, 'CustomerRecords', config).table;
  const api = new CustomerApi(stack, 'CustomerApi', { config, table: customerRecords });
  const bus = new EventBus(stack, 'Bus', { eventBusName: `crm-test-${stage}` });
  const complaints = new Complaints(stack, 'Complaints', { config, bus, customerRecords, api });
  const template = Template.fromStack(stack);
  return { app, stack, config, complaints, template, resources: template.toJSON().Resources as CfnResources };
}

export type CallOptions = { token?: string; method?: string; headers?: Record<string, string>; body?: unknown };
export type CallResult = { status: number; headers: Headers; text: string; json: any };

export async function startComplaintApi(options: { env?: Record<string, string | undefined> } = {}) {
  const { resources } = synthComplaints('dev');
  const complaintApiId = functionLogicalId(resources, 'complaint-api');
  const insightsId = functionLogicalId(resources, 'complaint-insights');

  useLocalAwsEnvironment();
  const bus = await startComplaintBus();
  process.env.AWS_ENDPOINT_URL_EVENTBRIDGE = bus.url;
  process.env.EVENT_BUS_NAME = bus.busName;
  process.env.COMPLAINTS_TABLE_NAME = await createComplaintsTable();
  process.env.CUSTOMER_RECORDS_TABLE_NAME = await createCustomerTable();
  process.env.REJECTED_EVENTS_QUEUE_URL = await createQueue();
  // The function's settings as the template sets them (table and bus names aside: references).
  for (const [name, value] of Object.entries<unknown>(resources[complaintApiId]!.Properties.Environment.Variables)) {
    if (typeof value === 'string' && name !== 'POWERTOOLS_METRICS_NAMESPACE') process.env[name] = value;
  }
  for (const [name, value] of Object.entries(options.env ?? {})) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  const { handler } = await import('../../../functions/complaint-api/handler');
  const { handler: insightsHandler } = await import('../../../functions/complaint-insights/handler');
  const { handler: routerHandler } = await import('../../../functions/complaint-router/handler');
  const { handler: breachHandler } = await import('../../../functions/complaint-breaches/handler');
  // The breach scan's first scheduled run after the deploy, which seeds the knowledge articles.
  await breachHandler({ time: new Date().toISOString() }, lambdaContext('complaint-breaches'));

  const tokens = localTokens({ keyDir: mkdtempSync(join(tmpdir(), 'crm-tokens-')) });
  const gateway = await startApiGateway({
    port: await freePort(),
    stage: 'dev',
    routes: apiRoutesFromTemplate(resources).filter((r) => r.functionLogicalId === complaintApiId || r.functionLogicalId === insightsId),
    gatewayResponses: gatewayResponsesFromTemplate(resources),
    verifyToken: tokens.verify,
    invoke: async (functionId, event) => {
      if (functionId === complaintApiId) return handler(event, lambdaContext('complaint-api'));
      if (functionId === insightsId) return insightsHandler(event, lambdaContext('complaint-insights'));
      throw new Error(`no function ${functionId}`);
    },
  });

  const call = async (path: string, o: CallOptions = {}): Promise<CallResult> => {
    const response = await fetch(`${gateway.url}${path}`, {
      method: o.method ?? (o.body === undefined ? 'GET' : 'POST'),
      headers: {
        ...(o.token ? { Authorization: `Bearer ${o.token}` } : {}),
        ...(o.body !== undefined ? { 'Content-Type': 'application/json' } : {}),
        ...o.headers,
      },
      ...(o.body !== undefined ? { body: typeof o.body === 'string' ? o.body : JSON.stringify(o.body) } : {}),
    });
    const text = await response.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: response.status, headers: response.headers, text, json };
  };

  /** Routes every ComplaintReceived published so far that has not been routed yet, through the real router. */
  let routedUpTo = 0;
  const routePending = async () => {
    const { sqsBatch, sqsRecord } = await import('../../support/events');
    const received = bus.delivered.slice(routedUpTo).filter((d) => d.detailType === 'ComplaintReceived');
    routedUpTo = bus.delivered.length;
    for (let i = 0; i < received.length; i += 10) {
      const result = await routerHandler(sqsBatch(received.slice(i, i + 10).map((d) => sqsRecord(d.body))), lambdaContext('complaint-router'));
      if (result.batchItemFailures.length) throw new Error(`routing failed: ${JSON.stringify(result.batchItemFailures)}`);
    }
  };

  const token = (o: MintOptions) => tokens.mint(o);
  return {
    url: gateway.url,
    call,
    token,
    routePending,
    bus,
    stop: async () => {
      await gateway.stop();
      await bus.stop();
    },
  };
}

export type ComplaintApiHarness = Awaited<ReturnType<typeof startComplaintApi>>;
