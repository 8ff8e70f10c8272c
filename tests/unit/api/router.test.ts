// The router over proxy events: route matching, problems for everything a client can get wrong,
// correlation ids, CORS, and responses shaped by their contract.
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { defineRoute } from '../../../shared/contracts/api/route-contract';
import { STAFF_ROLES } from '../../../shared/contracts/api/roles';
import { problems } from '../../../shared/http/problems';
import { bindRoute } from '../../../shared/http/route-binding';
import { createRouter } from '../../../shared/http/router';
import { customerClaims, proxyEvent, recordingLogger, staffClaims } from './proxy-event';

const Thing = z.object({ thingId: z.string(), size: z.number() });

const getThing = defineRoute({
  operationId: 'getThing',
  method: 'GET',
  path: '/things/{thingId}',
  summary: 's',
  description: 'd',
  tags: [],
  access: { kind: 'roles', roles: STAFF_ROLES, customerPathParam: 'thingId' },
  request: { path: z.strictObject({ thingId: z.string().regex(/^T-\d+$/) }), query: z.strictObject({ limit: z.coerce.number().int().max(10).default(5) }) },
  responses: { 200: { description: 'a thing', schema: Thing } },
});

const createThing = defineRoute({
  operationId: 'createThing',
  method: 'POST',
  path: '/things',
  summary: 's',
  description: 'd',
  tags: [],
  access: { kind: 'roles', roles: ['admin'] },
  request: { body: z.strictObject({ size: z.number().int().positive(), label: z.string().max(20) }), maxBodyBytes: 200 },
  responses: { 201: { description: 'created', schema: Thing, headers: { Location: { description: 'where' } } } },
});

const publicThing = defineRoute({
  operationId: 'publicThing',
  method: 'GET',
  path: '/public',
  summary: 's',
  description: 'd',
  tags: [],
  access: { kind: 'public' },
  request: {},
  responses: { 200: { description: 'ok', schema: z.object({ ok: z.boolean() }) } },
});

function router(behaviour: { getThing?: () => Promise<never> } = {}) {
  const { logger, lines } = recordingLogger();
  const seen: unknown[] = [];
  const route = createRouter({
    logger,
    allowedOrigins: ['https://staff.bank.example'],
    routes: [
      bindRoute(getThing).to(async ({ params, query }) => {
        seen.push(query);
        if (behaviour.getThing) return behaviour.getThing();
        // An undeclared field must not leave: the contract shapes the answer.
        return { status: 200, body: { thingId: params.thingId, size: query.limit, secret: 'internal' } as z.input<typeof Thing> };
      }),
      bindRoute(createThing).to(async ({ body }) => ({
        status: 201,
        body: { thingId: 'T-9', size: body.size },
        headers: { Location: '/things/T-9' },
      })),
      bindRoute(publicThing).to(async () => ({ status: 200, body: { ok: true } })),
    ],
  });
  return { route, lines, seen };
}

const staff = staffClaims('admin');
const json = (result: { body: string }) => JSON.parse(result.body);

describe('router', () => {
  it('answers a route by its API Gateway resource, with the contract shaping the body', async () => {
    const { route } = router();
    const result = await route(
      proxyEvent({ resource: '/things/{thingId}', path: '/things/T-1', pathParameters: { thingId: 'T-1' }, query: { limit: '3' }, claims: staff }),
    );
    expect(result.statusCode).toBe(200);
    expect(result.headers?.['Content-Type']).toBe('application/json');
    expect(json(result)).toEqual({ thingId: 'T-1', size: 3 });
  });

  it('finds the route by path when API Gateway matched a catch-all resource', async () => {
    const { route } = router();
    const result = await route(proxyEvent({ path: '/things/T-2', claims: staff }));
    expect(json(result)).toEqual({ thingId: 'T-2', size: 5 });
  });

  it.each([
    ['/nothing', 'GET'],
    ['/things/T-1/extra', 'GET'],
    ['/', 'GET'],
  ])('answers 404 problem for the unknown route %s', async (path, method) => {
    const { route } = router();
    const result = await route(proxyEvent({ path, method, claims: staff }));
    expect(result.statusCode).toBe(404);
    expect(result.headers?.['Content-Type']).toBe('application/problem+json');
    expect(json(result)).toMatchObject({ type: 'about:blank', title: 'Not Found', status: 404, instance: path });
  });

  it('answers 405 with Allow for a known path and a method it does not have', async () => {
    const { route } = router();
    const result = await route(proxyEvent({ path: '/things/T-1', method: 'DELETE', claims: staff }));
    expect(result.statusCode).toBe(405);
    expect(result.headers?.Allow).toBe('GET');
    expect(json(result).status).toBe(405);
  });

  it('names each invalid or unknown parameter in a 400', async () => {
    const { route } = router();
    const result = await route(proxyEvent({ path: '/things/X-1', query: { limit: 'eleven', colour: 'red' }, claims: staff }));
    expect(result.statusCode).toBe(400);
    const fields = json(result).errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['path.thingId', 'query.limit', 'query.colour']));
  });

  it('refuses a body that is not JSON with 400, naming the body', async () => {
    const { route } = router();
    const result = await route(
      proxyEvent({ path: '/things', method: 'POST', body: '{"size": 1,', headers: { 'Content-Type': 'application/json' }, claims: staff }),
    );
    expect(result.statusCode).toBe(400);
    expect(json(result)).toMatchObject({ type: '/problems/malformed-json', errors: [{ field: 'body' }] });
  });

  it('refuses a body over the route limit with 413 before parsing it', async () => {
    const { route } = router();
    const body = JSON.stringify({ size: 1, label: 'x'.repeat(300) });
    const result = await route(proxyEvent({ path: '/things', method: 'POST', body, headers: { 'content-type': 'application/json' }, claims: staff }));
    expect(result.statusCode).toBe(413);
  });

  it('counts the limit in bytes, not characters', async () => {
    const { route } = router();
    // 70 Chinese characters are 210 bytes of UTF-8: over the 200-byte limit though under 200 characters.
    const body = JSON.stringify({ size: 1, label: '投'.repeat(70) });
    const result = await route(proxyEvent({ path: '/things', method: 'POST', body, headers: { 'content-type': 'application/json' }, claims: staff }));
    expect(result.statusCode).toBe(413);
  });

  it('refuses a body that is not declared JSON with 415', async () => {
    const { route } = router();
    const result = await route(proxyEvent({ path: '/things', method: 'POST', body: '{"size":1}', headers: { 'content-type': 'text/plain' }, claims: staff }));
    expect(result.statusCode).toBe(415);
  });

  it('names each field of a body that breaks the schema in a 422', async () => {
    const { route } = router();
    const body = JSON.stringify({ size: -1, label: 'x'.repeat(21), extra: true });
    const result = await route(proxyEvent({ path: '/things', method: 'POST', body, headers: { 'content-type': 'application/json' }, claims: staff }));
    expect(result.statusCode).toBe(422);
    const fields = json(result).errors.map((e: { field: string }) => e.field).sort();
    expect(fields).toEqual(['body.extra', 'body.label', 'body.size']);
  });

  it('answers 201 with the headers the route sets', async () => {
    const { route } = router();
    const body = JSON.stringify({ size: 2, label: 'ok' });
    const result = await route(proxyEvent({ path: '/things', method: 'POST', body, headers: { 'content-type': 'application/json' }, claims: staff }));
    expect(result.statusCode).toBe(201);
    expect(result.headers?.Location).toBe('/things/T-9');
  });

  it('turns an unexpected failure into a 500 without details, and logs it', async () => {
    const { route, lines } = router({ getThing: () => Promise.reject(new Error('socket hang up at /internal/path')) });
    const result = await route(proxyEvent({ path: '/things/T-1', claims: staff }));
    expect(result.statusCode).toBe(500);
    expect(result.body).not.toMatch(/socket|internal\/path|at .*\(/);
    expect(json(result)).toMatchObject({ status: 500, title: 'Internal Server Error' });
    expect(lines.some((l) => l.level === 'ERROR')).toBe(true);
  });

  it('answers 503 with Retry-After when DynamoDB throttles', async () => {
    const throttled = Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
    const { route } = router({ getThing: () => Promise.reject(throttled) });
    const result = await route(proxyEvent({ path: '/things/T-1', claims: staff }));
    expect(result.statusCode).toBe(503);
    expect(result.headers?.['Retry-After']).toBe('1');
  });

  it('lets a route answer with a problem it throws', async () => {
    const { route } = router({ getThing: () => Promise.reject(problems.notFound('No thing.')) });
    const result = await route(proxyEvent({ path: '/things/T-1', claims: staff }));
    expect(result.statusCode).toBe(404);
    expect(json(result).detail).toBe('No thing.');
  });

  it('echoes the client correlation id, or API Gateway request id, and logs with it', async () => {
    const { route, lines } = router();
    const given = await route(proxyEvent({ path: '/public', headers: { 'X-Correlation-Id': 'abc-123' } }));
    expect(given.headers?.['X-Correlation-Id']).toBe('abc-123');
    expect(lines.at(-1)?.keys.correlation_id).toBe('abc-123');
    const fallback = await route(proxyEvent({ path: '/public', requestId: 'gw-req-9' }));
    expect(fallback.headers?.['X-Correlation-Id']).toBe('gw-req-9');
    // A header that could forge log lines is not trusted.
    const forged = await route(proxyEvent({ path: '/public', headers: { 'x-correlation-id': 'a\n{"level":"ERROR"}' }, requestId: 'gw-req-10' }));
    expect(forged.headers?.['X-Correlation-Id']).toBe('gw-req-10');
  });

  it('carries the correlation id on problems too', async () => {
    const { route } = router();
    const result = await route(proxyEvent({ path: '/nowhere', requestId: 'gw-req-11' }));
    expect(result.headers?.['X-Correlation-Id']).toBe('gw-req-11');
    expect(json(result).correlationId).toBe('gw-req-11');
  });

  it('logs no path, query or body', async () => {
    const { route, lines } = router();
    await route(proxyEvent({ path: '/things/T-77', query: { limit: '7' }, claims: staff }));
    const logged = JSON.stringify(lines);
    expect(logged).not.toContain('T-77');
    expect(logged).toContain('getThing');
  });

  it('adds CORS headers for an allowed origin only', async () => {
    const { route } = router();
    const allowed = await route(proxyEvent({ path: '/public', headers: { Origin: 'https://staff.bank.example' } }));
    expect(allowed.headers?.['Access-Control-Allow-Origin']).toBe('https://staff.bank.example');
    const other = await route(proxyEvent({ path: '/public', headers: { Origin: 'https://evil.example' } }));
    expect(other.headers?.['Access-Control-Allow-Origin']).toBeUndefined();
  });

  it('answers a preflight for an allowed origin with the methods of the path', async () => {
    const { route } = router();
    const result = await route(proxyEvent({ path: '/things', method: 'OPTIONS', headers: { Origin: 'https://staff.bank.example' } }));
    expect(result.statusCode).toBe(204);
    expect(result.headers?.['Access-Control-Allow-Methods']).toBe('POST, OPTIONS');
    expect(result.headers?.['Access-Control-Allow-Headers']).toContain('Authorization');
  });

  it('refuses a customer asking for anything not its own with 404, and its own staff route with 403', async () => {
    const { route, seen } = router();
    const other = await route(proxyEvent({ path: '/things/T-2', claims: customerClaims('T-1') }));
    expect(other.statusCode).toBe(404);
    const own = await route(proxyEvent({ path: '/things/T-1', claims: customerClaims('T-1') }));
    expect(own.statusCode).toBe(403);
    expect(seen).toHaveLength(0);
  });

  it('answers 401 when no caller reached a protected route (the authorizer was bypassed)', async () => {
    const { route } = router();
    const result = await route(proxyEvent({ path: '/things/T-1' }));
    expect(result.statusCode).toBe(401);
  });

  it('turns a response that breaks its contract into a 500', async () => {
    const { route } = router({ getThing: () => Promise.resolve({ status: 200, body: { thingId: 1 } }) as never });
    const result = await route(proxyEvent({ path: '/things/T-1', claims: staff }));
    expect(result.statusCode).toBe(500);
  });
});
