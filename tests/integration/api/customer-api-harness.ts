// The customer API as it runs deployed, on a real socket: the routes and gateway responses of the
// synthesized template served by the local API Gateway, the real handler invoked in-process, DynamoDB
// Local behind it holding records written by the real ingestion handler.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { apiRoutesFromTemplate } from '../../../local/apigateway/api-routes';
import { gatewayResponsesFromTemplate } from '../../../local/apigateway/gateway-responses';
import { localTokens, type MintOptions } from '../../../local/apigateway/local-tokens';
import { startApiGateway } from '../../../local/apigateway/server';
import { freePort } from '../../../local/services/free-port';
import type { StageConfig } from '../../../infra/stage-config';
import { envelope, lambdaContext, sqsBatch, sqsRecord } from '../../support/events';
import { createCustomerTable, createQueue, useLocalAwsEnvironment } from '../../support/local-aws';
import type { FixtureEvent } from './customer-fixtures';
import { functionLogicalId, synthCustomerApi } from './synth-customer-api';

export type CallOptions = { token?: string; method?: string; headers?: Record<string, string>; body?: string };
export type CallResult = { status: number; headers: Headers; text: string; json: any };

export async function ingest(events: FixtureEvent[]) {
  const { handler } = await import('../../../functions/ingest-events/handler');
  for (let i = 0; i < events.length; i += 10) {
    const records = events.slice(i, i + 10).map((e) => sqsRecord(envelope(e.detailType, e.detail)));
    const result = await handler(sqsBatch(records), lambdaContext('ingest-events'));
    if (result.batchItemFailures.length) throw new Error(`ingestion failed for ${JSON.stringify(result.batchItemFailures)}`);
  }
}

export async function startCustomerApi(options: {
  events: FixtureEvent[];
  api?: Partial<StageConfig['api']>;
  /** Environment set before the handler loads, e.g. POWERTOOLS_LOG_LEVEL. */
  env?: Record<string, string | undefined>;
}) {
  const { resources, config } = synthCustomerApi('dev', options.api);
  const customerApiId = functionLogicalId(resources, 'customer-api');
  const apiDocumentId = functionLogicalId(resources, 'api-document');

  useLocalAwsEnvironment();
  process.env.TABLE_NAME = await createCustomerTable();
  process.env.REJECTED_EVENTS_QUEUE_URL = await createQueue();
  // The function's environment as the template sets it (TABLE_NAME aside: a reference to the table).
  for (const [name, value] of Object.entries<unknown>(resources[customerApiId]!.Properties.Environment.Variables)) {
    if (typeof value === 'string' && name !== 'POWERTOOLS_METRICS_NAMESPACE') process.env[name] = value;
  }
  // Before any handler loads: Powertools reads its configuration when shared/runtime/observability does.
  for (const [name, value] of Object.entries(options.env ?? {})) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  await ingest(options.events);
  const { handler } = await import('../../../functions/customer-api/handler');
  const { handler: documentHandler } = await import('../../../functions/api-document/handler');

  const tokens = localTokens({ keyDir: mkdtempSync(join(tmpdir(), 'crm-tokens-')) });
  const gateway = await startApiGateway({
    port: await freePort(),
    stage: config.stage,
    routes: apiRoutesFromTemplate(resources),
    gatewayResponses: gatewayResponsesFromTemplate(resources),
    verifyToken: tokens.verify,
    invoke: async (functionId, event) => {
      if (functionId === apiDocumentId) return documentHandler(event, lambdaContext('api-document'));
      if (functionId !== customerApiId) throw new Error(`no function ${functionId}`);
      return handler(event, lambdaContext('customer-api'));
    },
  });

  const call = async (path: string, o: CallOptions = {}): Promise<CallResult> => {
    const response = await fetch(`${gateway.url}${path}`, {
      method: o.method ?? 'GET',
      headers: { ...(o.token ? { Authorization: `Bearer ${o.token}` } : {}), ...o.headers },
      ...(o.body !== undefined ? { body: o.body } : {}),
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

  const token = (o: MintOptions) => tokens.mint(o);
  return { url: gateway.url, call, token, tokens, resources, stop: gateway.stop };
}

export type CustomerApiHarness = Awaited<ReturnType<typeof startCustomerApi>>;
