// The local API Gateway itself, with an echo function: the proxy events it builds, and what it refuses
// before any function runs, in AWS's default shapes.
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiRoutesFromTemplate, type ApiRoute } from '../../../local/apigateway/api-routes';
import { authorizerDate, localTokens } from '../../../local/apigateway/local-tokens';
import { startApiGateway, type RunningApiGateway } from '../../../local/apigateway/server';
import { freePort } from '../../../local/services/free-port';

const routes: ApiRoute[] = [
  { method: 'GET', resourcePath: '/items/{itemId}', authorization: 'COGNITO_USER_POOLS', functionLogicalId: 'Echo' },
  { method: 'GET', resourcePath: '/items/special', authorization: 'NONE', functionLogicalId: 'Echo' },
  { method: 'ANY', resourcePath: '/files/{proxy+}', authorization: 'NONE', functionLogicalId: 'Echo' },
  { method: 'POST', resourcePath: '/upload', authorization: 'NONE', functionLogicalId: 'Echo' },
  { method: 'GET', resourcePath: '/boom', authorization: 'NONE', functionLogicalId: 'Boom' },
];

const tokens = localTokens({ keyDir: mkdtempSync(join(tmpdir(), 'crm-tokens-')) });
let gateway: RunningApiGateway;

beforeAll(async () => {
  gateway = await startApiGateway({
    port: await freePort(),
    stage: 'test',
    routes,
    maxBodyBytes: 1024,
    verifyToken: tokens.verify,
    invoke: async (fn, event) => {
      if (fn === 'Boom') throw new Error('function crashed');
      return {
        statusCode: 200,
        headers: { 'Content-Type': 'application/json' },
        multiValueHeaders: { 'Set-Cookie': ['a=1', 'b=2'] },
        body: JSON.stringify(event),
      };
    },
  });
});
afterAll(() => gateway?.stop());

const echo = async (path: string, init: RequestInit = {}) => {
  const res = await fetch(`${gateway.url}${path}`, init);
  return { res, event: (await res.json()) as APIGatewayProxyEvent & Record<string, any> };
};

describe('proxy events', () => {
  it('carry resource, path, method, headers and query as API Gateway REST sends them', async () => {
    const token = tokens.mint({ groups: ['analyst', 'admin'], subject: 'sub-1' });
    const { res, event } = await echo('/items/a%20b?x=1&x=2&y=', { headers: { Authorization: `Bearer ${token}`, 'X-Custom': 'v' } });
    expect(res.status).toBe(200);
    expect(event).toMatchObject({
      resource: '/items/{itemId}',
      path: '/items/a%20b',
      httpMethod: 'GET',
      pathParameters: { itemId: 'a b' },
      queryStringParameters: { x: '2', y: '' },
      multiValueQueryStringParameters: { x: ['1', '2'], y: [''] },
      stageVariables: null,
      body: null,
      isBase64Encoded: false,
    });
    expect(event.headers['X-Custom']).toBe('v');
    expect(event.multiValueHeaders['X-Custom']).toEqual(['v']);
    expect(event.headers['X-Forwarded-For']).toBe('127.0.0.1');
    expect(event.requestContext).toMatchObject({
      stage: 'test',
      resourcePath: '/items/{itemId}',
      path: '/test/items/a%20b',
      httpMethod: 'GET',
      identity: { sourceIp: '127.0.0.1' },
    });
    expect(event.requestContext.requestId).toBe(res.headers.get('x-amzn-requestid'));
    // Claims as the REST authorizer delivers them: strings only.
    const claims = event.requestContext.authorizer!.claims;
    expect(claims).toMatchObject({ sub: 'sub-1', 'cognito:groups': 'analyst,admin', token_use: 'id' });
    expect(claims.exp).toMatch(/^[A-Z][a-z]{2} [A-Z][a-z]{2} \d{2} \d{2}:\d{2}:\d{2} UTC \d{4}$/);
    expect(Object.values(claims).every((v) => typeof v === 'string')).toBe(true);
  });

  it('has null maps when there are no query or path parameters, and no authorizer on open routes', async () => {
    const { event } = await echo('/items/special');
    expect(event.queryStringParameters).toBeNull();
    expect(event.multiValueQueryStringParameters).toBeNull();
    expect(event.pathParameters).toBeNull();
    expect(event.requestContext.authorizer).toBeUndefined();
  });

  it('prefers a literal resource to a variable one, and fills a greedy proxy with the rest of the path', async () => {
    expect((await echo('/items/special')).event.resource).toBe('/items/special');
    const { event } = await echo('/files/a/b/c.txt', { method: 'DELETE' });
    expect(event).toMatchObject({ resource: '/files/{proxy+}', httpMethod: 'DELETE', pathParameters: { proxy: 'a/b/c.txt' } });
  });

  it('passes the body as a string and writes back multi-value headers', async () => {
    const { res, event } = await echo('/upload', { method: 'POST', body: '{"a":1}', headers: { 'Content-Type': 'application/json' } });
    expect(event.body).toBe('{"a":1}');
    expect(res.headers.getSetCookie()).toEqual(['a=1', 'b=2']);
  });
});

describe('refusals before any function runs', () => {
  it.each([
    ['an unknown path', '/nothing', 'GET'],
    ['a method the resource lacks', '/items/special', 'POST'],
    ['a path outside the stage', '/../other/items/special', 'GET'],
    // Found by fuzzing: a request target of '//' once crashed the emulator's URL parsing into a 500.
    ['a path that normalises to //', '/..//', 'GET'],
  ])('403 Missing Authentication Token for %s', async (_name, path, method) => {
    const res = await fetch(`${gateway.url}${path}`, { method });
    expect(res.status).toBe(403);
    expect(res.headers.get('x-amzn-errortype')).toBe('MissingAuthenticationTokenException');
    expect(await res.json()).toEqual({ message: 'Missing Authentication Token' });
  });

  it.each([
    ['no token', undefined],
    ['a malformed token', 'abc.def'],
    ['an expired token', tokens.mint({ groups: ['admin'], ttlSeconds: -1 })],
    ['an access token', tokens.mint({ groups: ['admin'], tokenUse: 'access' })],
    ['a token of another key', localTokens({ keyDir: mkdtempSync(join(tmpdir(), 'crm-other-')) }).mint({ groups: ['admin'] })],
  ])('401 Unauthorized for %s on a Cognito route', async (_name, token) => {
    const res = await fetch(`${gateway.url}/items/1`, token ? { headers: { Authorization: token } } : {});
    expect(res.status).toBe(401);
    expect(res.headers.get('x-amzn-errortype')).toBe('UnauthorizedException');
    expect(await res.json()).toEqual({ message: 'Unauthorized' });
  });

  it('413 for a body over the limit', async () => {
    const res = await fetch(`${gateway.url}/upload`, { method: 'POST', body: 'x'.repeat(1025) });
    expect(res.status).toBe(413);
    expect(await res.json()).toEqual({ message: 'Request Too Long' });
  });

  it('502 when the function fails', async () => {
    const res = await fetch(`${gateway.url}/boom`);
    expect(res.status).toBe(502);
    expect(await res.json()).toEqual({ message: 'Internal server error' });
  });
});

describe('local tokens', () => {
  it('format time claims as the REST authorizer does', () => {
    expect(authorizerDate(Date.UTC(2023, 3, 4, 18, 39, 39) / 1000)).toBe('Tue Apr 04 18:39:39 UTC 2023');
  });

  it('keep one signing key per key directory, across instances', () => {
    const dir = mkdtempSync(join(tmpdir(), 'crm-shared-'));
    const token = localTokens({ keyDir: dir }).mint({ groups: ['customer'], customerId: 'C-1' });
    expect(localTokens({ keyDir: dir }).verify(token)).toMatchObject({ 'custom:customerId': 'C-1', 'cognito:groups': 'customer' });
  });
});

describe('apiRoutesFromTemplate', () => {
  it('spells out nested resource paths and skips methods that are not Lambda proxies', () => {
    const fnArn = { 'Fn::GetAtt': ['Fn', 'Arn'] };
    const uri = { 'Fn::Join': ['', ['arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/', fnArn, '/invocations']] };
    const root = { 'Fn::GetAtt': ['Api', 'RootResourceId'] };
    const resources = {
      Fn: { Type: 'AWS::Lambda::Function' },
      Api: { Type: 'AWS::ApiGateway::RestApi' },
      A: { Type: 'AWS::ApiGateway::Resource', Properties: { ParentId: root, PathPart: 'a' } },
      B: { Type: 'AWS::ApiGateway::Resource', Properties: { ParentId: { Ref: 'A' }, PathPart: '{id}' } },
      GetB: { Type: 'AWS::ApiGateway::Method', Properties: { HttpMethod: 'GET', ResourceId: { Ref: 'B' }, AuthorizationType: 'COGNITO_USER_POOLS', Integration: { Type: 'AWS_PROXY', Uri: uri } } },
      AnyRoot: { Type: 'AWS::ApiGateway::Method', Properties: { HttpMethod: 'ANY', ResourceId: root, AuthorizationType: 'NONE', Integration: { Type: 'AWS_PROXY', Uri: uri } } },
      MockA: { Type: 'AWS::ApiGateway::Method', Properties: { HttpMethod: 'OPTIONS', ResourceId: { Ref: 'A' }, Integration: { Type: 'MOCK' } } },
    };
    expect(apiRoutesFromTemplate(resources)).toEqual([
      { method: 'ANY', resourcePath: '/', authorization: 'NONE', functionLogicalId: 'Fn' },
      { method: 'GET', resourcePath: '/a/{id}', authorization: 'COGNITO_USER_POOLS', functionLogicalId: 'Fn' },
    ]);
  });
});
