// API Gateway REST proxy events (payload v1) for router unit tests, shaped as API Gateway sends them.
import type { APIGatewayProxyEvent } from 'aws-lambda';
import type { RouterLogger } from '../../../shared/http/router';

export type EventOptions = {
  method?: string;
  resource?: string;
  path: string;
  pathParameters?: Record<string, string> | null;
  query?: Record<string, string> | null;
  headers?: Record<string, string>;
  body?: string | null;
  claims?: Record<string, string>;
  requestId?: string;
};

export function proxyEvent(o: EventOptions): APIGatewayProxyEvent {
  const headers = o.headers ?? {};
  return {
    resource: o.resource ?? '/{proxy+}',
    path: o.path,
    httpMethod: o.method ?? 'GET',
    headers,
    multiValueHeaders: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, [v]])),
    queryStringParameters: o.query ?? null,
    multiValueQueryStringParameters: o.query ? Object.fromEntries(Object.entries(o.query).map(([k, v]) => [k, [v]])) : null,
    pathParameters: o.pathParameters ?? (o.resource ? null : { proxy: o.path.slice(1) }),
    stageVariables: null,
    body: o.body ?? null,
    isBase64Encoded: false,
    requestContext: {
      accountId: '123456789012',
      apiId: 'local',
      authorizer: o.claims ? { claims: o.claims } : null,
      protocol: 'HTTP/1.1',
      httpMethod: o.method ?? 'GET',
      identity: { sourceIp: '127.0.0.1', userAgent: 'vitest' } as APIGatewayProxyEvent['requestContext']['identity'],
      path: `/test${o.path}`,
      stage: 'test',
      requestId: o.requestId ?? 'req-1',
      requestTimeEpoch: Date.now(),
      resourceId: 'r1',
      resourcePath: o.resource ?? '/{proxy+}',
    },
  };
}

export const staffClaims = (group = 'relationship-manager') => ({ sub: 'staff-sub', 'cognito:groups': group, token_use: 'id' });
export const customerClaims = (customerId: string) => ({
  sub: `sub-${customerId}`,
  'cognito:groups': 'customer',
  'custom:customerId': customerId,
  token_use: 'id',
});

/** A logger that keeps what it is told, for assertions on log content. */
export function recordingLogger() {
  const lines: { level: string; message: string; extra: unknown[]; keys: Record<string, unknown> }[] = [];
  let keys: Record<string, unknown> = {};
  const log = (level: string) => (message: unknown, ...extra: unknown[]) => lines.push({ level, message: String(message), extra, keys: { ...keys } });
  const logger = {
    info: log('INFO'),
    warn: log('WARN'),
    error: log('ERROR'),
    appendKeys: (k: Record<string, unknown>) => void (keys = { ...keys, ...k }),
    removeKeys: (names: string[]) => void names.forEach((n) => delete keys[n]),
  };
  return { logger: logger as unknown as RouterLogger, lines };
}
