// Nothing a client sends yields a 5xx: random paths, query strings, headers, methods, tokens and bodies,
// over HTTP through the local API Gateway, and as raw proxy events straight into the handler (shapes
// an HTTP client cannot produce: control characters, null maps, unknown resources).
import type { APIGatewayProxyEvent } from 'aws-lambda';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProblemDocument } from '../../../shared/contracts/api/problem';
import { lambdaContext } from '../../support/events';
import { forgedCursors } from '../../support/forged-cursors';
import { OTHER, OWNER, otherEvents, ownerEvents } from './customer-fixtures';
import { startCustomerApi, type CustomerApiHarness } from './customer-api-harness';

let api: CustomerApiHarness;
let handler: typeof import('../../../functions/customer-api/handler').handler;
let tokens: string[];

beforeAll(async () => {
  api = await startCustomerApi({ events: [...ownerEvents(), ...otherEvents()] });
  ({ handler } = await import('../../../functions/customer-api/handler'));
  tokens = [
    // The fixtures' branch: both customers are this manager's (need-to-know).
    api.token({ groups: ['relationship-manager'], claims: { 'custom:branchId': 'BR-SH-002' } }),
    api.token({ groups: ['customer'], customerId: OWNER }),
    api.token({ groups: ['admin', 'customer'], customerId: OTHER }),
    api.token({ groups: [] }),
  ];
});
afterAll(() => api?.stop());

const known = ['customers', OWNER, OTHER, 'timeline', 'me', 'openapi.json', '{customerId}', '..', '.', '%', '%2F', '%E0%A4%A', '~'];
const segment = fc.oneof(fc.constantFrom(...known), fc.string({ maxLength: 20 }).map(encodeURIComponent), fc.string({ unit: 'grapheme', maxLength: 8 }));
const path = fc.array(segment, { maxLength: 5 }).map((parts) => `/${parts.join('/')}`);
const queryKey = fc.oneof(fc.constantFrom('channel', 'from', 'to', 'limit', 'cursor'), fc.string({ maxLength: 10 }));
const queryValue = fc.oneof(
  fc.constantFrom('MOBILE', 'ATM', '2026-11-01', '2026-11-01T00:00:00+08:00', '-1', '1e3', '100', 'NaN', 'eyJwIjoiUFJPRklMRSJ9', ''),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
);
const query = fc.array(fc.tuple(queryKey, queryValue), { maxLength: 5 }).map((pairs) => {
  const qs = new URLSearchParams(pairs).toString();
  return qs ? `?${qs}` : '';
});
const headerName = fc.stringMatching(/^[A-Za-z][A-Za-z0-9-]{0,15}$/).filter((h) => !['host', 'content-length', 'transfer-encoding', 'connection', 'authorization', 'expect', 'upgrade', 'te', 'trailer', 'keep-alive'].includes(h.toLowerCase()));
const headerValue = fc.stringMatching(/^[\x21-\x7e][\x20-\x7e]{0,40}$/);
const headers = fc.dictionary(fc.oneof(fc.constantFrom('X-Correlation-Id', 'Content-Type', 'Origin', 'Accept'), headerName), headerValue, { maxKeys: 4 });
const body = fc.oneof(fc.json({ maxDepth: 3 }), fc.string({ maxLength: 200 }), fc.constant('{"size":'), fc.constant(''));

describe('fuzzing over HTTP', () => {
  it('never answers 5xx, and every error is a problem document without a stack trace', async () => {
    await fc.assert(
      fc.asyncProperty(
        path,
        query,
        headers,
        fc.constantFrom('GET', 'GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD'),
        fc.option(fc.nat({ max: 3 }), { nil: undefined }),
        body,
        async (p, q, h, method, tokenIndex, b) => {
          const withBody = !['GET', 'HEAD', 'OPTIONS'].includes(method);
          const res = await api.call(`${p}${q}`, {
            method,
            headers: h,
            ...(tokenIndex !== undefined ? { token: tokens[tokenIndex] } : {}),
            ...(withBody ? { body: b } : {}),
          });
          expect(res.status, `${method} ${p}${q} → ${res.text}`).toBeLessThan(500);
          expect(res.text).not.toMatch(/\n\s+at .+:\d+/);
          if (res.status >= 400 && method !== 'HEAD') expect(ProblemDocument.safeParse(res.json).success, res.text).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('fuzzing the handler with raw proxy events', () => {
  const stringMap = fc.option(fc.dictionary(fc.string({ maxLength: 12 }), fc.string({ unit: 'binary', maxLength: 30 }), { maxKeys: 4 }), { nil: null });
  const event = fc.record({
    resource: fc.oneof(fc.constantFrom('/customers/{customerId}', '/customers/{customerId}/timeline', '/me', '/openapi.json', '/{proxy+}', '/'), fc.string()),
    path: fc.oneof(path, fc.string({ unit: 'binary', maxLength: 40 })),
    httpMethod: fc.oneof(fc.constantFrom('GET', 'POST', 'OPTIONS', 'get'), fc.string({ maxLength: 8 })),
    headers: stringMap,
    queryStringParameters: stringMap,
    pathParameters: fc.option(
      fc.record({ customerId: fc.oneof(fc.constantFrom(OWNER, OTHER), fc.string({ unit: 'binary', maxLength: 70 })) }, { requiredKeys: [] }),
      { nil: null },
    ),
    body: fc.option(fc.string({ unit: 'binary', maxLength: 100 }), { nil: null }),
    isBase64Encoded: fc.boolean(),
    claims: fc.option(
      fc.record({
        sub: fc.string({ maxLength: 10 }),
        'cognito:groups': fc.oneof(fc.constantFrom('customer', 'admin', 'analyst,customer', '[admin customer]', ''), fc.string({ maxLength: 20 })),
        'custom:customerId': fc.oneof(fc.constantFrom(OWNER, OTHER), fc.string({ unit: 'binary', maxLength: 20 })),
      }, { requiredKeys: [] }),
      { nil: undefined },
    ),
  });

  it('never answers 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(event, async (e) => {
        const proxyEvent = {
          ...e,
          multiValueHeaders: {},
          multiValueQueryStringParameters: null,
          stageVariables: null,
          requestContext: { requestId: 'fuzz', stage: 'dev', identity: { sourceIp: '127.0.0.1' }, ...(e.claims ? { authorizer: { claims: e.claims } } : {}) },
        } as unknown as APIGatewayProxyEvent;
        const result = await handler(proxyEvent, lambdaContext('customer-api'));
        expect(result.statusCode, JSON.stringify(e)).toBeLessThan(500);
      }),
      { numRuns: 400 },
    );
  });
});

// The timeline is the customer API's paginated route; segments and complaints have theirs beside their
// own harnesses (tests/integration/api/segmentation-authorization.test.ts, complaints/complaints-api.test.ts),
// with the same forgeries (tests/support/forged-cursors.ts).
describe('fuzzing the timeline with forged cursors and every query parameter', () => {
  const timeline = (customerId: string, qs: string) => `/customers/${customerId}/timeline?${qs}`;
  const cursorOf = async (customerId: string, qs: string) => {
    const res = await api.call(timeline(customerId, `limit=1${qs}`), { token: tokens[0] });
    expect(res.status, res.text).toBe(200);
    expect(res.json.nextCursor).toEqual(expect.any(String));
    return res.json.nextCursor as string;
  };

  it('answers 400 naming query.cursor, or a page, never 5xx', async () => {
    const real = await cursorOf(OWNER, '');
    const foreign = [await cursorOf(OWNER, '&channel=MOBILE'), await cursorOf(OWNER, '&from=2020-01-01')];
    // Another customer's: the owner's cursor on the other customer's timeline; another filter's: on the plain one.
    for (const [customerId, cursor] of [[OTHER, real], ...foreign.map((c) => [OWNER, c])] as const) {
      const res = await api.call(timeline(customerId, `limit=1&cursor=${cursor}`), { token: tokens[0] });
      expect(res.status, cursor).toBe(400);
      expect(res.json.errors.map((e: { field: string }) => e.field)).toContain('query.cursor');
    }
    const otherParams = fc.record(
      {
        channel: fc.oneof(fc.constantFrom('MOBILE', 'ATM', 'BRANCH'), fc.string({ maxLength: 8 })),
        from: fc.oneof(fc.constantFrom('2020-01-01', '1899-12-31', '0000-01-01', '9999-12-31', '2026-11-01T00:00:00+14:00', '2026-02-30'), fc.string({ maxLength: 25 })),
        to: fc.oneof(fc.constantFrom('2026-12-31', '1900-01-01', '+275760-09-13', '2026-11-01T00:00:00-12:00'), fc.string({ maxLength: 25 })),
        limit: fc.oneof(fc.constantFrom('1', '100', '101', '0', '-1', '1.5', '1e2'), fc.string({ maxLength: 5 })),
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(forgedCursors(real, foreign), otherParams, fc.constantFrom(OWNER, OTHER), async (cursor, params, customerId) => {
        const qs = new URLSearchParams({ ...params, cursor }).toString();
        const res = await api.call(timeline(customerId, qs), { token: tokens[0] });
        expect(res.status, `${qs} → ${res.text}`).toBeLessThan(500);
        if (res.status >= 400) expect(ProblemDocument.safeParse(res.json).success, res.text).toBe(true);
        if (res.status === 200 && Object.keys(params).length === 0) expect(customerId === OWNER && cursor).toBeTruthy();
      }),
      { numRuns: 300 },
    );
  });
});
