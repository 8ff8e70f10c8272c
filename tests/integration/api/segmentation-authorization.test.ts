// The segmentation endpoints over HTTP with real tokens: the authorization matrix rows of its routes,
// what each answers, and that a customer's own answer never names a segment or a figure.
import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProblemDocument } from '../../../shared/contracts/api/problem';
import { forgedCursors } from '../../support/forged-cursors';
import { SegmentRoster } from '../../../shared/adapters/segment-roster';
import { SegmentStore } from '../../../shared/adapters/segment-store';
import { STAFF_ROLES, type Role } from '../../../shared/contracts/api/roles';
import { dynamoDb, storeFirstAssignment } from '../segmentation/segmentation-support';
import { sqs, TEST_PSEUDONYM_KEY } from '../../support/local-aws';
import { pseudonymiser } from '../../../shared/data-protection/pseudonyms';
import { startSegmentationApi } from '../segmentation/segmentation-api-harness';

let api: Awaited<ReturnType<typeof startSegmentationApi>>;

const seed = async (tableName: string) => {
  const store = new SegmentStore(dynamoDb(), tableName);
  await new SegmentRoster(dynamoDb(), tableName).put('BR-A', 'RM-1', { name: 'Manager One', capacity: 10 });
  const customers: [string, number][] = [
    ['C-OWN', 5_000_000], // MVC
    ['C-OTHER', 2_000_000], // MVC
    ['C-LOW', -30_000], // BZ
    ['C-MID', 50_000], // STANDARD
  ];
  for (const [customerId, trailing12Minor] of customers) {
    const manager = trailing12Minor >= 100_000 ? ({ kind: 'NAMED', managerId: 'RM-1', branchId: 'BR-A' } as const) : undefined;
    await storeFirstAssignment(store, { customerId, branchId: 'BR-A', trailing12Minor, ...(manager ? { manager } : {}) });
  }
};

beforeAll(async () => {
  api = await startSegmentationApi();
  await seed(api.tableName);
});
afterAll(() => api?.stop());

type Caller = 'customer' | 'customer of C-LOW' | 'manager of BR-A' | Role | 'no token';
const token = (caller: Caller) =>
  caller === 'no token'
    ? undefined
    : caller === 'customer'
      ? api.token({ groups: ['customer'], customerId: 'C-OWN' })
      : caller === 'customer of C-LOW'
        ? api.token({ groups: ['customer'], customerId: 'C-LOW' })
        : caller === 'manager of BR-A'
          ? api.token({ groups: ['relationship-manager'], claims: { 'custom:branchId': 'BR-A' } })
          : api.token({ groups: [caller] });

const PATHS = {
  'segment own': '/customers/C-OWN/segment',
  'segment other': '/customers/C-OTHER/segment',
  'segment unknown': '/customers/C-NOBODY/segment',
  tier: '/me/service-tier',
  list: '/segments/MVC/customers?branch=BR-A',
  analytics: '/analytics/segments',
  roster: '/admin/branches/BR-A/relationship-managers',
  parameters: '/admin/segmentation-parameters',
} as const;

const matrix: [Caller, keyof typeof PATHS, number][] = [
  ['customer', 'segment own', 403],
  ['customer', 'segment other', 404],
  ['customer', 'segment unknown', 404],
  ['customer', 'tier', 200],
  ['customer', 'list', 403],
  ['customer', 'analytics', 403],
  ['customer', 'roster', 403],
  ['customer', 'parameters', 403],
  // Need-to-know (shared/data-protection/need-to-know.ts): the branch's manager; analysts the pseudonymised list.
  ['manager of BR-A', 'segment own', 200],
  ['manager of BR-A', 'segment other', 200],
  ['manager of BR-A', 'segment unknown', 404],
  ['manager of BR-A', 'list', 200],
  ['compliance', 'segment own', 403],
  ['compliance', 'list', 403],
  ...STAFF_ROLES.flatMap((role): [Caller, keyof typeof PATHS, number][] => [
    // Without a scope claim nobody's customers are theirs: 404 as for an unknown customer. Analysts get the
    // segment pseudonymised, as the 360 (docs/data-protection.md).
    [role, 'segment own', role === 'analyst' ? 200 : 404],
    [role, 'segment other', role === 'analyst' ? 200 : 404],
    [role, 'segment unknown', 404],
    [role, 'tier', 403],
    [role, 'list', role === 'analyst' ? 200 : 404],
    [role, 'analytics', role === 'analyst' || role === 'admin' ? 200 : 403],
    [role, 'roster', role === 'admin' ? 200 : 403],
    [role, 'parameters', role === 'admin' ? 200 : 403],
  ]),
  ...(Object.keys(PATHS) as (keyof typeof PATHS)[]).map((p): [Caller, keyof typeof PATHS, number] => ['no token', p, 401]),
];

describe('segmentation authorization matrix', () => {
  it.each(matrix)('%s → %s → %i', async (caller, route, status) => {
    const t = token(caller);
    const res = await api.call(PATHS[route], t ? { token: t } : {});
    expect(res.status, res.text).toBe(status);
  });

  it.each([
    ['PUT', '/admin/branches/BR-A/relationship-managers/RM-9', { name: 'Nine', capacity: 3 }],
    ['DELETE', '/admin/branches/BR-A/relationship-managers/RM-1', undefined],
    ['PUT', '/admin/segmentation-parameters', { parameters: {}, expectedVersion: 0 }],
  ] as const)('only an admin may %s %s', async (method, path, body) => {
    for (const role of ['relationship-manager', 'analyst', 'complaint-handler', 'customer'] as const) {
      const res = await api.call(path, { method, token: api.token({ groups: [role], customerId: 'C-OWN' }), ...(body ? { body } : {}) });
      expect(res.status, `${role}: ${res.text}`).toBe(403);
    }
  });
});

describe('what the endpoints answer', () => {
  it('lists a segment to analysts pseudonymised, field by field, and records every customer listed', async () => {
    const res = await api.call(PATHS.list, { token: token('analyst') });
    expect(res.status, res.text).toBe(200);
    expect(Object.keys(res.json).sort()).toEqual(['branchId', 'customers', 'nextCursor', 'segment']);
    expect(res.json.customers.length).toBeGreaterThan(0);
    for (const c of res.json.customers) {
      expect(Object.keys(c).sort()).toEqual(['branchId', 'pseudonym', 'trailing12Minor']);
      expect(c.pseudonym).toMatch(/^P-[A-Za-z0-9_-]{22}$/);
    }
    expect(res.text).not.toMatch(/C-OWN|C-OTHER|RM-1/);
    const scan = await dynamoDb().send(new ScanCommand({ TableName: api.accessRecordTable, ConsistentRead: true }));
    const entries = (scan.Items ?? []).map((i) => unmarshall(i)).filter((e) => e.correlationId === res.headers.get('x-correlation-id'));
    expect(entries.map((e) => e.customerId).sort()).toEqual(['C-OTHER', 'C-OWN']);
    for (const e of entries) expect(e).toMatchObject({ operationId: 'listSegmentCustomers', role: 'analyst', grant: 'PSEUDONYMISED', view: 'PSEUDONYMISED' });
  });

  it("shows analysts one customer's segment pseudonymised, field by field, under the pseudonym of the lists, and records it", async () => {
    const res = await api.call(PATHS['segment own'], { token: token('analyst') });
    expect(res.status, res.text).toBe(200);
    expect(Object.keys(res.json).sort()).toEqual(['assignedAt', 'currency', 'evaluatedAt', 'history', 'months', 'mvcThreshold', 'pseudonym', 'reasons', 'segment', 'trailing12Minor', 'trend']);
    expect(res.json.pseudonym).toBe(pseudonymiser(TEST_PSEUDONYM_KEY).customer('C-OWN'));
    expect(res.json).toMatchObject({ segment: 'MVC', trailing12Minor: 5_000_000 });
    expect(Object.keys(res.json.trend).sort()).toEqual(['deltaMinor', 'growthRatio', 'latest3Minor', 'previous3Minor']);
    expect(Object.keys(res.json.mvcThreshold).sort()).toEqual(['floorMinor', 'percentileMinor', 'thresholdMinor']);
    for (const r of res.json.reasons) expect(Object.keys(r).sort()).toEqual(['figures', 'rule']);
    for (const m of res.json.months) expect(Object.keys(m).sort()).toEqual(['contributionMinor', 'costToServeMinor', 'creditLossesMinor', 'feeIncomeMinor', 'month', 'netInterestMarginMinor']);
    expect(res.json.history.length).toBeGreaterThan(0);
    for (const h of res.json.history) {
      expect(Object.keys(h).sort()).toEqual(['at', 'cause', 'mvcThresholdMinor', 'previousSegment', 'reasons', 'segment', 'segmentVersion', 'trailing12Minor']);
    }
    // No customer id, no manager: the full view names both.
    expect(res.text).not.toMatch(/C-OWN|RM-1|relationshipManager|customerId/);
    const full = await api.call(PATHS['segment own'], { token: token('manager of BR-A') });
    expect(full.json).toMatchObject({ customerId: 'C-OWN', relationshipManager: { managerId: 'RM-1' } });
    // The same pseudonym the segment list shows for this customer.
    const list = await api.call(PATHS.list, { token: token('analyst') });
    expect(list.json.customers.map((c: { pseudonym: string }) => c.pseudonym)).toContain(res.json.pseudonym);
    const scan = await dynamoDb().send(new ScanCommand({ TableName: api.accessRecordTable, ConsistentRead: true }));
    const entries = (scan.Items ?? []).map((i) => unmarshall(i)).filter((e) => e.correlationId === res.headers.get('x-correlation-id'));
    expect(entries).toEqual([expect.objectContaining({ customerId: 'C-OWN', operationId: 'getCustomerSegment', role: 'analyst', grant: 'PSEUDONYMISED', view: 'PSEUDONYMISED' })]);
  });

  it('gives analysts the full segment only under break-glass', async () => {
    const res = await api.call(PATHS['segment own'], { token: token('analyst'), headers: { 'X-Break-Glass-Reason': 'Model validation ticket MV-2207, one customer' } });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ customerId: 'C-OWN', relationshipManager: { managerId: 'RM-1' } });
  });

  it('lets a manager list another branch only under break-glass', async () => {
    const other = await api.call('/segments/MVC/customers?branch=BR-B', { token: token('manager of BR-A') });
    expect(other.status).toBe(404);
    const glass = await api.call('/segments/MVC/customers?branch=BR-B', { token: token('manager of BR-A'), headers: { 'X-Break-Glass-Reason': 'Covering BR-B during the branch audit' } });
    expect(glass.status).toBe(200);
  });

  it("explains a customer's segment to staff", async () => {
    const res = await api.call(PATHS['segment own'], { token: token('manager of BR-A') });
    expect(res.json).toMatchObject({ customerId: 'C-OWN', segment: 'MVC', trailing12Minor: 5_000_000, relationshipManager: { kind: 'NAMED', managerId: 'RM-1' } });
    expect(res.json.reasons[0].rule).toBe('MVC_AT_OR_ABOVE_THRESHOLD');
    expect(res.json.history).toHaveLength(1);
  });

  it('tells a below-zero customer the same as a standard one: a tier, no label, no figure', async () => {
    const low = await api.call(PATHS.tier, { token: token('customer of C-LOW') });
    const mid = await api.call(PATHS.tier, { token: api.token({ groups: ['customer'], customerId: 'C-MID' }) });
    expect(low.status).toBe(200);
    expect(low.json).toEqual(mid.json);
    expect(low.text).not.toMatch(/BZ|zero|segment|Minor|contribution/i);
    const own = await api.call(PATHS.tier, { token: token('customer') });
    expect(own.json.tier.code).toBe('PREMIER');
    expect(own.json.entitlements.relationship).toBe('NAMED_RELATIONSHIP_MANAGER');
  });

  it('lists a segment in a branch by contribution, highest first, page by page', async () => {
    const first = await api.call('/segments/MVC/customers?branch=BR-A&limit=1', { token: token('manager of BR-A') });
    expect(first.json.customers).toEqual([{ customerId: 'C-OWN', branchId: 'BR-A', trailing12Minor: 5_000_000, managerId: 'RM-1' }]);
    const second = await api.call(`/segments/MVC/customers?branch=BR-A&limit=1&cursor=${first.json.nextCursor}`, { token: token('manager of BR-A') });
    expect(second.json.customers.map((c: { customerId: string }) => c.customerId)).toEqual(['C-OTHER']);
    const foreign = await api.call(`/segments/MGC/customers?branch=BR-A&cursor=${first.json.nextCursor}`, { token: token('manager of BR-A') });
    expect(foreign.status).toBe(400);
  });

  it('keeps the roster: add, update keeping the load, leave', async () => {
    const admin = token('admin');
    const added = await api.call('/admin/branches/BR-A/relationship-managers/RM-2', { method: 'PUT', token: admin, body: { name: 'Two', capacity: 5 } });
    expect(added.json).toEqual({ managerId: 'RM-2', branchId: 'BR-A', name: 'Two', capacity: 5, load: 0, active: true });
    // The new room is offered to the branch's MVC customers waiting in the team queue.
    const work = await sqs().send(new ReceiveMessageCommand({ QueueUrl: process.env.WORK_QUEUE_URL!, MaxNumberOfMessages: 10 }));
    expect((work.Messages ?? []).map((m) => JSON.parse(m.Body!))).toContainEqual({ kind: 'MANAGER_AVAILABLE', branchId: 'BR-A' });
    const left = await api.call('/admin/branches/BR-A/relationship-managers/RM-2', { method: 'DELETE', token: admin });
    expect(left.status).toBe(202);
    expect(left.json.active).toBe(false);
    expect((await api.call('/admin/branches/BR-A/relationship-managers/RM-404', { method: 'DELETE', token: admin })).status).toBe(404);
    const bad = await api.call('/admin/branches/BR-A/relationship-managers/RM-3', { method: 'PUT', token: admin, body: { name: 'Three', capacity: 0 } });
    expect([400, 422]).toContain(bad.status);
  });

  it('validates parameter edits field by field and refuses a stale version', async () => {
    const admin = token('admin');
    const current = await api.call(PATHS.parameters, { token: admin });
    expect(current.json.source).toBe('STAGE');
    const broken = { ...current.json.parameters, segmentation: { ...current.json.parameters.segmentation, mvc: { percentile: 120, floorMinor: 100_000 } } };
    const refused = await api.call(PATHS.parameters, { method: 'PUT', token: admin, body: { parameters: broken, expectedVersion: 0 } });
    expect(refused.status).toBe(422);
    expect(refused.json.errors.map((e: { field: string }) => e.field)).toContain('body.parameters.segmentation.mvc.percentile');
    const edited = { ...current.json.parameters, segmentation: { ...current.json.parameters.segmentation, mvc: { percentile: 75, floorMinor: 100_000 } } };
    const saved = await api.call(PATHS.parameters, { method: 'PUT', token: admin, body: { parameters: edited, expectedVersion: 0 } });
    expect(saved.status, saved.text).toBe(200);
    expect(saved.json).toMatchObject({ source: 'ADMIN', version: 1 });
    const stale = await api.call(PATHS.parameters, { method: 'PUT', token: admin, body: { parameters: edited, expectedVersion: 0 } });
    expect(stale.status).toBe(409);
  });

  it('reports analytics as of the last recalibration (none yet: zero everywhere)', async () => {
    const res = await api.call(PATHS.analytics, { token: token('analyst') });
    expect(res.json.asOf).toBeNull();
    expect(res.json.overall.map((s: { customers: number }) => s.customers)).toEqual([0, 0, 0, 0]);
  });
});

// Issue 14.5: the segment listing is paginated; forged cursors (tests/support/forged-cursors.ts) and every
// query parameter answer 4xx, never 5xx, in a branch (BySegmentBranch key) and across branches (shards).
describe('GET /segments/{segment}/customers under forged cursors', () => {
  it('answers 400 naming query.cursor, or a page, never 5xx', async () => {
    const analyst = token('analyst');
    const cursorOf = async (qs: string) => {
      const res = await api.call(`/segments/MVC/customers?limit=1${qs}`, { token: analyst });
      expect(res.json.nextCursor, res.text).toEqual(expect.any(String));
      return res.json.nextCursor as string;
    };
    const inBranch = await cursorOf('&branch=BR-A');
    const across = await cursorOf('');
    const params = fc.record(
      {
        branch: fc.oneof(fc.constantFrom('BR-A', 'BR-B'), fc.string({ maxLength: 10 })),
        limit: fc.oneof(fc.constantFrom('1', '100', '0', '-1', '1e3'), fc.string({ maxLength: 4 })),
      },
      { requiredKeys: [] },
    );
    const segment = fc.constantFrom('MVC', 'MGC', 'BZ', 'STANDARD', 'mvc');
    await fc.assert(
      fc.asyncProperty(fc.oneof(forgedCursors(inBranch, [across]), forgedCursors(across, [inBranch])), params, segment, async (cursor, p, seg) => {
        const qs = new URLSearchParams({ ...p, cursor }).toString();
        const res = await api.call(`/segments/${seg}/customers?${qs}`, { token: analyst });
        expect(res.status, `${seg} ${qs} → ${res.text}`).toBeLessThan(500);
        if (res.status >= 400) expect(ProblemDocument.safeParse(res.json).success, res.text).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
