// What every API test harness does the same way: set a function's environment as the synthesized
// template sets it, and serve the template's routes and gateway responses through the local API Gateway
// on a real socket, with local tokens, invoking the real handlers in-process.
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { apiRoutesFromTemplate, type ApiRoute } from '../../local/apigateway/api-routes';
import { gatewayResponsesFromTemplate } from '../../local/apigateway/gateway-responses';
import { localTokens, type MintOptions } from '../../local/apigateway/local-tokens';
import { startApiGateway } from '../../local/apigateway/server';
import { freePort } from '../../local/services/free-port';
import { lambdaContext } from './events';

export type CfnResources = Record<string, { Type: string; Properties?: any; DependsOn?: unknown }>;
/** An object body is sent as JSON; a string as it is; either way as application/json unless headers say otherwise. */
export type CallOptions = { token?: string; method?: string; headers?: Record<string, string>; body?: unknown };
export type CallResult = { status: number; headers: Headers; text: string; json: any };
type ApiHandler = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;

/** The logical id of the function a CrmFunction named `functionName` became. */
export function functionLogicalId(resources: CfnResources, functionName: string): string {
  const found = Object.entries(resources).filter(
    ([, r]) => r.Type === 'AWS::Lambda::Function' && r.Properties?.Environment?.Variables?.POWERTOOLS_SERVICE_NAME === functionName,
  );
  if (found.length !== 1) throw new Error(`Expected one ${functionName} function, found ${found.length}`);
  return found[0]![0];
}

/**
 * The function's environment as the template sets it (references to tables, queues and buses aside: the
 * test sets those to its own), then the test's overrides (undefined deletes). Call it before the
 * handler loads: Powertools reads its configuration at import.
 */
export function useFunctionEnvironment(resources: CfnResources, functionId: string, overrides: Record<string, string | undefined> = {}) {
  for (const [name, value] of Object.entries<unknown>(resources[functionId]!.Properties.Environment.Variables)) {
    if (typeof value === 'string' && name !== 'POWERTOOLS_METRICS_NAMESPACE') process.env[name] = value;
  }
  for (const [name, value] of Object.entries(overrides)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
}

/**
 * The local API Gateway over the template's routes (all, or those `routes` keeps), invoking the handler
 * named for each function's logical id; a route to any other function is a test's routing mistake.
 */
export async function startTestGateway(o: {
  resources: CfnResources;
  stage: string;
  handlers: Record<string, { name: string; handler: ApiHandler }>;
  routes?: (route: ApiRoute) => boolean;
}) {
  const tokens = localTokens({ keyDir: mkdtempSync(join(tmpdir(), 'crm-tokens-')) });
  const routes = apiRoutesFromTemplate(o.resources);
  const gateway = await startApiGateway({
    port: await freePort(),
    stage: o.stage,
    routes: o.routes ? routes.filter(o.routes) : routes,
    gatewayResponses: gatewayResponsesFromTemplate(o.resources),
    verifyToken: tokens.verify,
    invoke: async (functionId, event) => {
      const fn = o.handlers[functionId];
      if (!fn) throw new Error(`no function ${functionId} in this test`);
      return fn.handler(event, lambdaContext(fn.name));
    },
  });

  const call = async (path: string, c: CallOptions = {}): Promise<CallResult> => {
    const hasBody = c.body !== undefined && c.body !== null;
    const response = await fetch(`${gateway.url}${path}`, {
      method: c.method ?? (hasBody ? 'POST' : 'GET'),
      headers: { ...(c.token ? { Authorization: `Bearer ${c.token}` } : {}), ...(hasBody ? { 'Content-Type': 'application/json' } : {}), ...c.headers },
      ...(hasBody ? { body: typeof c.body === 'string' ? c.body : JSON.stringify(c.body) } : {}),
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

  return { url: gateway.url, call, token: (m: MintOptions) => tokens.mint(m), tokens, stop: gateway.stop };
}
