// Every route's query string, fuzzed: the list of routes comes from the route contracts
// (documentedRoutes), served by the functions the synthesized dev stack binds them to, over the local
// API Gateway, so a route added to a contract is fuzzed here without anyone touching this file. For each
// route with a query: random values for every declared parameter and unknown ones → never a 5xx, every
// error a problem document. For each paginated route (a `cursor` parameter): forged cursors → 400 naming
// `query.cursor`, and cursors signed with the real key and the route's own scope but holding a position
// of any shape (what a leaked key would allow) → 400 or a page, never a 5xx. A route with no query takes
// none: any parameter is 400 naming it. A paginated route this file cannot reach fails it.
//
// The other fuzz tests (fuzz.test.ts, segmentation-authorization, complaints-api) keep their real-cursor
// forgeries beside their own data; this one needs no data of any route.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { synthCrmStack } from '../../infra/support/crm-template';
import { documentedRoutes } from '../../../shared/contracts/api/api-document';
import { ProblemDocument } from '../../../shared/contracts/api/problem';
import type { RouteContract } from '../../../shared/contracts/api/route-contract';
import { encodeCursor } from '../../../shared/http/cursor';
import { pseudonymiser } from '../../../shared/data-protection/pseudonyms';
import { apiRoutesFromTemplate } from '../../../local/apigateway/api-routes';
import { createLayoutTable } from '../../../local/services/layout-tables';
import { CAMT_INGESTION_TABLE } from '../../../shared/adapters/table-layouts';
import { startTestGateway, useFunctionEnvironment, type CfnResources } from '../../support/api-harness';
import { forgedCursors } from '../../support/forged-cursors';
import { startCaptureBus } from '../../support/capture-bus';
import { DATA_PROTECTION_SOURCE } from '../../../shared/contracts/events/consent-changed';
import { createCustomerTable, createQueue, dynamoDb, TEST_PSEUDONYM_KEY, useAccessRecord, useLocalAwsEnvironment } from '../../support/local-aws';
import { createComplaintsTable } from '../complaints/complaints-support';
import { ingest } from './customer-api-harness';
import { OWNER, ownerEvents } from './customer-fixtures';

// The scope each paginated route checks its cursor against, seen as the route decodes one: with it the
// test signs positions the route must still refuse by shape.
const decoded = vi.hoisted(() => ({ scopes: [] as string[] }));
vi.mock('../../../shared/http/cursor', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../../shared/http/cursor')>();
  return {
    ...original,
    decodeCursor: (token: string, scope: string) => {
      decoded.scopes.push(scope);
      return original.decodeCursor(token, scope);
    },
  };
});

const REASON = 'Fuzzing the query parameters of every route, ticket QA-1';
const STAFF_SUBJECT = 'sub-fuzz-staff';

/** A valid value for each path parameter a route with a query names: a new one fails the test until added. */
const PATH_VALUES: Record<string, string> = {
  customerId: OWNER,
  segment: 'MVC',
  queue: 'ACCOUNTS',
  fileId: `f-${'0'.repeat(32)}`,
  staffRef: pseudonymiser(TEST_PSEUDONYM_KEY).staff(STAFF_SUBJECT),
};

/** Values for environment variables the template sets by reference (tables, queues, secrets). */
const referencedEnv = (names: Record<string, string>): Record<string, string | undefined> => ({
  TABLE_NAME: names.customers,
  CUSTOMER_RECORDS_TABLE_NAME: names.customers,
  COMPLAINTS_TABLE_NAME: names.complaints,
  ACCESS_RECORD_TABLE_NAME: names.access,
  PSEUDONYM_KEY: TEST_PSEUDONYM_KEY,
  CAMT_TABLE_NAME: names.camt,
  WORK_QUEUE_URL: names.queue,
  LOAD_QUEUE_URL: names.queue,
  REJECTED_EVENTS_QUEUE_URL: names.queue,
  LOAD_BUCKET_NAME: 'fuzz-loads-not-read',
  // Consent changes are announced: on a local bus, so a fuzzed PUT that succeeds is not a 503.
  EVENT_BUS_NAME: names.bus,
  // In-process, cursors are signed with a key of the test process (shared/http/cursor.ts).
  CURSOR_KEY_SECRET_ID: undefined,
});

type Served = { contract: RouteContract; token: string; headers: Record<string, string>; path: string };
let gateway: Awaited<ReturnType<typeof startTestGateway>>;
let bus: Awaited<ReturnType<typeof startCaptureBus>>;
let served: Served[] = [];
const unserved: string[] = [];

beforeAll(async () => {
  const { template } = synthCrmStack('dev');
  const resources = template.toJSON().Resources as CfnResources;
  useLocalAwsEnvironment();
  const names = {
    customers: await createCustomerTable(),
    complaints: await createComplaintsTable(),
    access: await useAccessRecord(),
    camt: (await createLayoutTable(dynamoDb(), CAMT_INGESTION_TABLE, 'camt')).tableName,
    queue: await createQueue(),
    bus: (bus = await startCaptureBus([DATA_PROTECTION_SOURCE])).busName,
  };
  process.env.AWS_ENDPOINT_URL_EVENTBRIDGE = bus.url;
  const env = referencedEnv(names);
  process.env.TABLE_NAME = names.customers;
  process.env.REJECTED_EVENTS_QUEUE_URL = names.queue;
  await ingest(ownerEvents());

  // Every function the template binds a route to, loaded with its own environment.
  const handlers: Parameters<typeof startTestGateway>[0]['handlers'] = {};
  for (const functionId of new Set(apiRoutesFromTemplate(resources).map((r) => r.functionLogicalId))) {
    const variables = resources[functionId]!.Properties.Environment.Variables as Record<string, unknown>;
    const name = variables.POWERTOOLS_SERVICE_NAME as string;
    const unknown = Object.entries(variables).filter(([k, v]) => typeof v !== 'string' && !(k in env)).map(([k]) => k);
    expect(unknown, `${name} reads environment variables this test does not set`).toEqual([]);
    useFunctionEnvironment(resources, functionId, Object.fromEntries(Object.keys(variables).filter((k) => k in env).map((k) => [k, env[k]])));
    const { handler } = await import(`../../../functions/${name}/handler.ts`);
    handlers[functionId] = { name, handler };
  }
  gateway = await startTestGateway({ resources, stage: 'dev', handlers });
  const templated = new Set(apiRoutesFromTemplate(resources).map((r) => `${r.method} ${r.resourcePath}`));

  for (const contract of documentedRoutes.filter((r) => r.method === 'GET')) {
    if (!templated.has(`GET ${contract.path}`)) {
      unserved.push(`${contract.method} ${contract.path}`);
      continue;
    }
    const roles = contract.access.kind === 'roles' ? contract.access.roles : [];
    const staffRole = roles.find((r) => r !== 'customer');
    // A staff role the route admits, stating a break-glass reason (need-to-know lets the request reach the
    // route); or the customer whose data the fixtures hold.
    const token =
      contract.access.kind === 'public'
        ? ''
        : staffRole
          ? gateway.token({ groups: [staffRole], subject: STAFF_SUBJECT })
          : gateway.token({ groups: ['customer'], customerId: OWNER, subject: 'sub-fuzz-customer' });
    const path = contract.path.replace(/\{(\w+)\}/g, (_, p: string) => PATH_VALUES[p] ?? `{${p}}`);
    served.push({ contract, token, headers: staffRole ? { 'X-Break-Glass-Reason': REASON } : {}, path });
  }
}, 300_000);
afterAll(async () => {
  await gateway?.stop();
  await bus?.stop();
});

const queryKeys = (c: RouteContract) => (c.request.query ? Object.keys((c.request.query as unknown as { _zod: { def: { shape: object } } })._zod.def.shape) : []);
const withQuery = () => served.filter((s) => queryKeys(s.contract).length > 0);
const paginated = () => served.filter((s) => queryKeys(s.contract).includes('cursor'));
const call = (s: Served, qs: string) => gateway.call(`${s.path}${qs ? `?${qs}` : ''}`, { ...(s.token ? { token: s.token } : {}), headers: s.headers });
const fieldsOf = (json: { errors?: { field: string }[] } | undefined) => (json?.errors ?? []).map((e) => e.field);

const value = fc.oneof(
  fc.constantFrom('1', '25', '100', '101', '0', '-1', '1.5', '1e2', '0x10', '', ' ', 'NaN', 'null', 'true'),
  fc.constantFrom('2026-11-01', '2026-02-30', '1899-12-31', '9999-12-31', '+275760-09-13', '2026-11-01T00:00:00+14:00', '2026-11-01T00:00:00Z'),
  fc.constantFrom('MVC', 'PENDING', 'ERASED', 'ROUTED', 'ACCOUNTS', 'FEES_AND_CHARGES', 'MOBILE', 'BR-SH-002', 'A-7788-0001'),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.string({ maxLength: 1100 }),
);

describe('the routes this file fuzzes', () => {
  it('are every GET route of the contracts, every paginated one reachable with a valid path', () => {
    expect(unserved, 'routes in the contracts that no function of the dev stack serves').toEqual([]);
    expect(paginated().length).toBeGreaterThanOrEqual(9);
    for (const s of withQuery()) expect(s.path, `${s.contract.path}: add its path parameters to PATH_VALUES`).not.toMatch(/\{/);
  });
});

describe('every query parameter of every route', () => {
  it('never answers 5xx, and every error is a problem document naming fields', { timeout: 600_000 }, async () => {
    for (const s of withQuery()) {
      const keys = queryKeys(s.contract);
      const pairs = fc.array(fc.tuple(fc.oneof(fc.constantFrom(...keys), fc.string({ maxLength: 10 })), value), { maxLength: 5 });
      await fc.assert(
        fc.asyncProperty(pairs, async (p) => {
          const qs = new URLSearchParams(p).toString();
          const res = await call(s, qs);
          expect(res.status, `${s.contract.operationId} ?${qs} → ${res.text}`).toBeLessThan(500);
          if (res.status >= 400) expect(ProblemDocument.safeParse(res.json).success, res.text).toBe(true);
          if (res.status === 400) expect(fieldsOf(res.json).length, res.text).toBeGreaterThan(0);
        }),
        { numRuns: 40 },
      );
    }
  });

  it('refuses any parameter on a route that takes none, naming it', async () => {
    for (const s of served.filter((x) => queryKeys(x.contract).length === 0 && x.token)) {
      const res = await call(s, 'limit=1&x%00y=2');
      expect(res.status, `${s.contract.operationId}: ${res.text}`).toBeLessThan(500);
      // A path this file holds no valid value for may be refused for it too; the query is named either way.
      if (res.status === 400) expect(fieldsOf(res.json), s.contract.operationId).toContain('query.limit');
    }
  });
});

describe('the cursor of every paginated route', () => {
  it('is decoded by the route itself, with a scope of its own', async () => {
    for (const s of paginated()) {
      decoded.scopes.length = 0;
      const res = await call(s, 'cursor=not-a-cursor');
      expect(res.status, `${s.contract.operationId}: ${res.text}`).toBe(400);
      expect(fieldsOf(res.json), s.contract.operationId).toEqual(['query.cursor']);
      expect(decoded.scopes.length, `${s.contract.operationId} never decoded its cursor with shared/http/cursor.ts`).toBeGreaterThan(0);
    }
  });

  it('answers 400 naming query.cursor to forged cursors, and never 5xx to any position signed with its scope', { timeout: 600_000 }, async () => {
    for (const s of paginated()) {
      decoded.scopes.length = 0;
      await call(s, 'cursor=x');
      const scope = decoded.scopes.at(-1)!;
      const real = encodeCursor('{"PK":"CUSTOMER#C-1","SK":"TL#2026-11-01T00:00:00.000Z#e-1"}', scope);
      const otherScope = encodeCursor('{"PK":"CUSTOMER#C-1"}', `${scope}\u0000other`);

      // Forged: not signed for this list. Always 400 naming the cursor.
      await fc.assert(
        fc.asyncProperty(forgedCursors(real, [otherScope]).filter((c) => c !== real), async (cursor) => {
          const res = await call(s, new URLSearchParams({ cursor }).toString());
          expect(res.status, `${s.contract.operationId} cursor=${cursor} → ${res.text}`).toBe(400);
          expect(fieldsOf(res.json), s.contract.operationId).toContain('query.cursor');
        }),
        { numRuns: 40 },
      );

      // Signed with the route's own scope, holding anything: the route checks the shape, so 400 or a page.
      const position = fc.oneof(
        fc.json({ maxDepth: 3 }),
        fc.string({ minLength: 1, maxLength: 60 }),
        fc.constantFrom('{}', '[]', 'null', '0', '""', '{"PK":1}', '{"PK":"CUSTOMER#x","SK":{"S":"y"}}', '{"__proto__":{"x":1}}', 'a|b', '|', 'ACCESS#C-1|2026', 'ACCESS#C-1|2026-11-01T00:00:00.000Z#' + '0'.repeat(36)),
        fc.record({ PK: fc.string({ maxLength: 30 }), SK: fc.string({ maxLength: 30 }) }, { requiredKeys: [] }).map((o) => JSON.stringify(o)),
        fc.array(fc.record({ PK: fc.string({ maxLength: 10 }), SK: fc.string({ maxLength: 10 }) }), { maxLength: 17 }).map((a) => JSON.stringify(a)),
      );
      await fc.assert(
        fc.asyncProperty(position, async (p) => {
          const cursor = encodeCursor(p, scope);
          const res = await call(s, new URLSearchParams({ cursor }).toString());
          expect(res.status, `${s.contract.operationId} position ${JSON.stringify(p)} → ${res.text}`).toBeLessThan(500);
          if (res.status === 400) expect(fieldsOf(res.json), `${s.contract.operationId} ${p}`).toContain('query.cursor');
        }),
        { numRuns: 60 },
      );
    }
  });
});
