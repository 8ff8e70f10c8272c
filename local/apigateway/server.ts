// A local API Gateway (REST API, Lambda proxy integration) on a real socket. It matches resources and
// methods as API Gateway does, refuses what API Gateway refuses before any function runs (no route:
// 403 Missing Authentication Token; no valid token on a Cognito route: 401; body over the limit: 413),
// builds the proxy event (payload v1) as API Gateway builds it, and writes back the function's result.
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { compareRank, matchTemplate, templateOf } from '../../shared/http/route-matching';
import type { ApiRoute } from './api-routes';
import { gatewayResponse, type GatewayContext, type GatewayResponses, type GatewayResponseType } from './gateway-responses';
import type { Claims } from './local-tokens';

export type ApiGatewayOptions = {
  port: number;
  host?: string;
  /** The stage: the first path segment of every URL. Default 'local'. */
  stage?: string;
  routes: ApiRoute[];
  invoke: (functionLogicalId: string, event: APIGatewayProxyEvent) => Promise<APIGatewayProxyResult>;
  verifyToken: (token: string) => Claims | undefined;
  /** API Gateway's payload limit is 10 MB. */
  maxBodyBytes?: number;
  /** The API's customised gateway responses (gatewayResponsesFromTemplate); AWS's defaults otherwise. */
  gatewayResponses?: GatewayResponses;
};

export type RunningApiGateway = { url: string; stop(): Promise<void> };

const TEN_MB = 10 * 1024 * 1024;
const ACCOUNT_ID = '123456789012';

class BodyTooLarge extends Error {}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners('data');
        req.resume();
        reject(new BodyTooLarge());
      } else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Request headers keeping the client's spelling, as API Gateway passes them: last value in `headers`. */
function headersOf(req: IncomingMessage) {
  const single: Record<string, string> = {};
  const multi: Record<string, string[]> = {};
  const spelling = new Map<string, string>();
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    const raw = req.rawHeaders[i]!;
    const name = spelling.get(raw.toLowerCase()) ?? raw;
    spelling.set(raw.toLowerCase(), name);
    single[name] = req.rawHeaders[i + 1]!;
    (multi[name] ??= []).push(req.rawHeaders[i + 1]!);
  }
  return { single, multi, lower: Object.fromEntries(Object.entries(single).map(([k, v]) => [k.toLowerCase(), v])) };
}

const requestTime = (d: Date) => {
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(d.getUTCDate())}/${months[d.getUTCMonth()]}/${d.getUTCFullYear()}:${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`;
};

export async function startApiGateway(options: ApiGatewayOptions): Promise<RunningApiGateway> {
  const host = options.host ?? '127.0.0.1';
  const stage = options.stage ?? 'local';
  const maxBodyBytes = options.maxBodyBytes ?? TEN_MB;
  const configured = options.gatewayResponses ?? {};
  const resources = new Map<string, Map<string, ApiRoute>>();
  for (const route of options.routes) {
    const methods = resources.get(route.resourcePath) ?? new Map<string, ApiRoute>();
    methods.set(route.method, route);
    resources.set(route.resourcePath, methods);
  }
  const templates = [...resources.keys()].map(templateOf);

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const requestId = randomUUID();
    const headers = headersOf(req);
    // Not new URL(req.url, base): a request target of '//x' would parse as a host name and throw.
    const url = new URL(`http://local${req.url ?? '/'}`);
    const rawPath = (req.url ?? '/').split('?')[0]!;
    const context: GatewayContext = { requestId, path: rawPath, resourcePath: '', stage, requestHeaders: headers.lower };
    const refuse = (type: GatewayResponseType) => send(res, gatewayResponse(type, configured, context));

    const stagePrefix = `/${stage}`;
    if (rawPath !== stagePrefix && !rawPath.startsWith(`${stagePrefix}/`)) return refuse('MISSING_AUTHENTICATION_TOKEN');
    const path = rawPath.slice(stagePrefix.length) || '/';

    let body: Buffer;
    try {
      body = await readBody(req, maxBodyBytes);
    } catch (error) {
      if (error instanceof BodyTooLarge) return refuse('REQUEST_TOO_LARGE');
      throw error;
    }

    let best: { resourcePath: string; params: Record<string, string>; rank: number[] } | undefined;
    for (const template of templates) {
      const match = matchTemplate(template, path);
      if (match && (!best || compareRank(match.rank, best.rank) > 0)) best = { resourcePath: template.path, ...match };
    }
    const method = (req.method ?? 'GET').toUpperCase();
    const methods = best ? resources.get(best.resourcePath)! : undefined;
    const route = methods?.get(method) ?? methods?.get('ANY');
    if (!best || !route) return refuse('MISSING_AUTHENTICATION_TOKEN');
    context.resourcePath = best.resourcePath;

    let claims: Claims | undefined;
    if (route.authorization === 'COGNITO_USER_POOLS') {
      const token = headers.lower.authorization?.replace(/^Bearer\s+/i, '').trim();
      claims = token ? options.verifyToken(token) : undefined;
      if (!claims) return refuse('UNAUTHORIZED');
    }

    const query = new Map<string, string[]>();
    for (const [k, v] of url.searchParams) query.set(k, [...(query.get(k) ?? []), v]);
    const now = new Date();
    const sourceIp = (req.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, '');
    const addedHeaders = {
      'X-Forwarded-For': headers.lower['x-forwarded-for'] ? `${headers.lower['x-forwarded-for']}, ${sourceIp}` : sourceIp,
      'X-Forwarded-Port': String((req.socket.localPort ?? 0)),
      'X-Forwarded-Proto': 'http',
      'X-Amzn-Trace-Id': `Root=1-${Math.floor(now.getTime() / 1000).toString(16)}-${randomBytes(12).toString('hex')}`,
    };
    const eventHeaders = { ...headers.single, ...addedHeaders };
    const event: APIGatewayProxyEvent = {
      resource: best.resourcePath,
      path,
      httpMethod: method,
      headers: eventHeaders,
      multiValueHeaders: { ...headers.multi, ...Object.fromEntries(Object.entries(addedHeaders).map(([k, v]) => [k, [v]])) },
      queryStringParameters: query.size ? Object.fromEntries([...query].map(([k, v]) => [k, v.at(-1)!])) : null,
      multiValueQueryStringParameters: query.size ? Object.fromEntries(query) : null,
      pathParameters: Object.keys(best.params).length ? best.params : null,
      stageVariables: null,
      requestContext: {
        accountId: ACCOUNT_ID,
        apiId: 'local',
        resourceId: best.resourcePath,
        resourcePath: best.resourcePath,
        httpMethod: method,
        extendedRequestId: randomBytes(8).toString('base64url'),
        requestTime: requestTime(now),
        requestTimeEpoch: now.getTime(),
        path: `${stagePrefix}${path === '/' ? '/' : path}`,
        protocol: `HTTP/${req.httpVersion}`,
        stage,
        domainName: headers.lower.host ?? host,
        domainPrefix: (headers.lower.host ?? host).split('.')[0]!,
        requestId,
        identity: {
          accessKey: null,
          accountId: null,
          apiKey: null,
          apiKeyId: null,
          caller: null,
          clientCert: null,
          cognitoAuthenticationProvider: null,
          cognitoAuthenticationType: null,
          cognitoIdentityId: null,
          cognitoIdentityPoolId: null,
          principalOrgId: null,
          sourceIp,
          user: null,
          userAgent: headers.lower['user-agent'] ?? null,
          userArn: null,
        },
        authorizer: claims ? { claims } : undefined,
      },
      body: body.length ? body.toString('utf8') : null,
      isBase64Encoded: false,
    };

    let result: APIGatewayProxyResult;
    try {
      result = await options.invoke(route.functionLogicalId, event);
    } catch {
      return refuse('INTEGRATION_FAILURE');
    }
    if (!result || typeof result.statusCode !== 'number' || (result.body !== undefined && typeof result.body !== 'string')) {
      return refuse('INTEGRATION_FAILURE');
    }
    const responseHeaders: Record<string, string | string[]> = {};
    for (const [k, v] of Object.entries(result.headers ?? {})) responseHeaders[k] = String(v);
    for (const [k, v] of Object.entries(result.multiValueHeaders ?? {})) responseHeaders[k] = v.map(String);
    const hasContentType = Object.keys(responseHeaders).some((k) => k.toLowerCase() === 'content-type');
    send(res, {
      statusCode: result.statusCode,
      headers: {
        ...(hasContentType ? {} : { 'Content-Type': 'application/json' }),
        ...responseHeaders,
        'x-amzn-RequestId': requestId,
        'x-amz-apigw-id': randomBytes(6).toString('base64url'),
        'X-Amzn-Trace-Id': addedHeaders['X-Amzn-Trace-Id'],
      },
      body: result.isBase64Encoded ? Buffer.from(result.body ?? '', 'base64') : (result.body ?? ''),
    });
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) send(res, { statusCode: 500, headers: { 'Content-Type': 'application/json' }, body: '{"message":"Internal server error"}' });
    });
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}/${stage}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function send(res: ServerResponse, r: { statusCode: number; headers: Record<string, string | string[]>; body: string | Buffer }) {
  res.writeHead(r.statusCode, r.headers);
  res.end(r.body);
}
