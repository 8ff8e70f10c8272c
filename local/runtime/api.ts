// The REST API of the template, served by the local API Gateway (local/apigateway) with tokens
// checked as the Cognito authorizer would check them. Absent while the stack declares no API.
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { apiRoutesFromTemplate, gatewayResponsesFromTemplate, localTokens, startApiGateway } from '../apigateway';
import type { Invocation } from './function-pool';
import type { CfnTemplate } from './template';

export type RunningLocalApi = { url: string; routes: { method: string; resourcePath: string }[]; stop: () => Promise<void> };

export type LocalApiOptions = {
  template: CfnTemplate;
  port: number;
  host: string;
  invoke: (functionLogicalId: string, event: APIGatewayProxyEvent) => Promise<Invocation>;
  onError?: (message: string) => void;
};

// What API Gateway answers when a proxy integration's function fails or returns something malformed.
const BAD_GATEWAY: APIGatewayProxyResult = {
  statusCode: 502,
  headers: { 'Content-Type': 'application/json' },
  body: JSON.stringify({ message: 'Internal server error' }),
};

export async function startLocalApi({ template, port, host, invoke, onError }: LocalApiOptions): Promise<RunningLocalApi | undefined> {
  const resources = template.Resources ?? {};
  const routes = apiRoutesFromTemplate(resources);
  if (routes.length === 0) return undefined;
  const tokens = localTokens();
  const gateway = await startApiGateway({
    port,
    host,
    routes,
    gatewayResponses: gatewayResponsesFromTemplate(resources),
    verifyToken: (token) => tokens.verify(token),
    invoke: async (functionLogicalId, event) => {
      const outcome = await invoke(functionLogicalId, event);
      if (!outcome.ok) {
        onError?.(`${event.httpMethod} ${event.path}: ${outcome.error.errorType}: ${outcome.error.errorMessage}`);
        return BAD_GATEWAY;
      }
      const result = outcome.result as Partial<APIGatewayProxyResult> | null;
      if (!result || typeof result !== 'object' || typeof result.statusCode !== 'number') {
        onError?.(`${event.httpMethod} ${event.path}: malformed Lambda proxy response`);
        return BAD_GATEWAY;
      }
      return result as APIGatewayProxyResult;
    },
  });
  return { url: gateway.url, routes: routes.map(({ method, resourcePath }) => ({ method, resourcePath })), stop: gateway.stop };
}
