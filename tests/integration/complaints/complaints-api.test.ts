// The complaint API over real HTTP: intake with Idempotency-Key, reading as owner and staff, the
// lifecycle with its permissions, the 409 race between two handlers, queues, knowledge and analytics.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProblemDocument } from '../../../shared/contracts/api/problem';
import { forgedCursors } from '../../support/forged-cursors';
import { startComplaintApi, type ComplaintApiHarness } from './complaints-api-harness';

let api: ComplaintApiHarness;
let owner: string;
let otherCustomer: string;
let handlerA: string;
let handlerB: string;
let admin: string;
let analyst: string;
let manager: string;

beforeAll(async () => {
  api = await startComplaintApi();
  owner = api.token({ groups: ['customer'], customerId: 'C-OWNER', subject: 'sub-owner' });
  otherCustomer = api.token({ groups: ['customer'], customerId: 'C-OTHER', subject: 'sub-other' });
  handlerA = api.token({ groups: ['complaint-handler'], subject: 'handler-a' });
  handlerB = api.token({ groups: ['complaint-handler'], subject: 'handler-b' });
  admin = api.token({ groups: ['admin'], subject: 'admin-1' });
  analyst = api.token({ groups: ['analyst'], subject: 'analyst-1' });
  manager = api.token({ groups: ['relationship-manager'], subject: 'rm-1' });
});
afterAll(() => api?.stop());

const file = (token: string, body: Record<string, unknown>, headers: Record<string, string> = {}) =>
  api.call('/complaints', { token, body, headers });
const move = (token: string, id: string, body: Record<string, unknown>) => api.call(`/complaints/${id}/transitions`, { token, body });

async function routedComplaint(description = 'I was charged a monthly maintenance fee twice', token = owner) {
  const filed = await file(token, { description, channel: 'MOBILE' });
  expect(filed.status, filed.text).toBe(202);
  await api.routePending();
  return filed.json.complaintId as string;
}

describe('POST /complaints', () => {
  it('answers 202 with the id and Location, and the complaint reads back RECEIVED for its owner', async () => {
    const res = await file(owner, { description: '手机银行转账一直显示处理中，钱还没到账', channel: 'MOBILE', contactPreference: { method: 'SMS', language: 'zh' } });
    expect(res.status, res.text).toBe(202);
    expect(res.json).toMatchObject({ status: 'RECEIVED', complaintId: expect.stringMatching(/^CMP-\d{8}-/) });
    expect(res.headers.get('location')).toBe(`/complaints/${res.json.complaintId}`);
    const read = await api.call(res.headers.get('location')!, { token: owner });
    expect(read.status).toBe(200);
    expect(read.json).toMatchObject({ status: 'RECEIVED', customerId: 'C-OWNER', channel: 'MOBILE' });
    // Customers never see how the bank ranks them.
    for (const field of ['priority', 'severity', 'queue', 'routingReasons', 'suggestedArticles']) expect(read.json).not.toHaveProperty(field);
  });

  it('is idempotent on Idempotency-Key: same body → same answer; another body → 422', async () => {
    const body = { description: 'ATM kept my card', channel: 'BRANCH' };
    const first = await file(owner, body, { 'Idempotency-Key': 'idem-http-1' });
    const again = await file(owner, body, { 'Idempotency-Key': 'idem-http-1' });
    expect(first.status).toBe(202);
    expect(again.status).toBe(202);
    expect(again.json).toEqual(first.json);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    const other = await file(owner, { ...body, description: 'ATM kept my card and my cash' }, { 'Idempotency-Key': 'idem-http-1' });
    expect(other.status).toBe(422);
    expect(other.json.errors[0].field).toBe('header.idempotency-key');
  });

  it('takes 4,000 characters in any language and refuses 4,001', async () => {
    expect((await file(owner, { description: '投'.repeat(4000), channel: 'ONLINE' })).status).toBe(202);
    const tooLong = await file(owner, { description: 'x'.repeat(4001), channel: 'ONLINE' });
    expect(tooLong.status).toBe(422);
    expect(JSON.stringify(tooLong.json.errors)).toContain('description');
  });

  it('lets staff file on behalf of a customer, and requires the customerId from staff', async () => {
    // Need-to-know: the contact centre files for a customer the records know (complaints-authorization-matrix).
    await api.seedCustomer('C-OTHER', { homeBranchId: 'BR-1' });
    expect((await file(handlerA, { description: 'Rude teller at the branch', channel: 'BRANCH', customerId: 'C-OTHER' })).status).toBe(202);
    const missing = await file(handlerA, { description: 'Rude teller', channel: 'BRANCH' });
    expect(missing.status).toBe(422);
  });

  it('gives a customer naming another customer 404', async () => {
    expect((await file(owner, { description: 'x fee', channel: 'MOBILE', customerId: 'C-OTHER' })).status).toBe(404);
  });
});

describe('reading', () => {
  it('shows staff the routing, priority and suggested articles for the category', async () => {
    const id = await routedComplaint();
    const read = await api.call(`/complaints/${id}`, { token: handlerA });
    expect(read.status).toBe(200);
    expect(read.json).toMatchObject({ status: 'ROUTED', category: 'FEES_AND_CHARGES', queue: 'ACCOUNTS', priority: 'P3' });
    expect(read.json.suggestedArticles.length).toBeGreaterThan(0);
    expect(read.json.suggestedArticles.every((a: { category: string }) => a.category === 'FEES_AND_CHARGES')).toBe(true);
  });

  it("gives another customer 404 for a complaint that is not its own, as for one that does not exist", async () => {
    const id = await routedComplaint();
    const strip = ({ instance: _i, correlationId: _c, ...rest }: Record<string, unknown>) => rest;
    const notOwn = await api.call(`/complaints/${id}`, { token: otherCustomer });
    const missing = await api.call('/complaints/CMP-20260101-0000000000', { token: otherCustomer });
    expect(notOwn.status).toBe(404);
    expect(strip(notOwn.json)).toEqual(strip(missing.json));
  });

  it('lists a queue most urgent first, filters by status, and pages with a cursor', async () => {
    for (let i = 0; i < 3; i++) await routedComplaint(`Unexpected overdraft fee number ${i}`);
    const page1 = await api.call('/queues/ACCOUNTS/complaints?limit=2', { token: handlerA });
    expect(page1.status, page1.text).toBe(200);
    expect(page1.json.items).toHaveLength(2);
    const page2 = await api.call(`/queues/ACCOUNTS/complaints?limit=2&cursor=${page1.json.nextCursor}`, { token: handlerA });
    const all = [...page1.json.items, ...page2.json.items];
    const dues = all.map((i: { nextDueAt: string }) => i.nextDueAt);
    expect(dues).toEqual([...dues].sort());
    expect(new Set(all.map((i: { complaintId: string }) => i.complaintId)).size).toBe(all.length);
    const resolved = await api.call('/queues/ACCOUNTS/complaints?status=RESOLVED', { token: handlerA });
    expect(resolved.json.items.every((i: { status: string }) => i.status === 'RESOLVED')).toBe(true);
    const foreign = await api.call(`/queues/DIGITAL/complaints?cursor=${page1.json.nextCursor}`, { token: handlerA });
    expect(foreign.status).toBe(400);
  });

  it("lists a customer's complaints for staff and the customer's own on /me/complaints", async () => {
    const staffView = await api.call('/customers/C-OWNER/complaints', { token: analyst });
    const mine = await api.call('/me/complaints', { token: owner });
    expect(staffView.status).toBe(200);
    expect(mine.status).toBe(200);
    expect(mine.json.items.map((i: { complaintId: string }) => i.complaintId)).toEqual(staffView.json.items.map((i: { complaintId: string }) => i.complaintId));
    expect(mine.json.items[0]).not.toHaveProperty('priority');
  });
});

describe('POST /complaints/{id}/transitions', () => {
  it('lets a queue handler take the complaint by acknowledging it; then only that handler moves it', async () => {
    const id = await routedComplaint();
    const ack = await move(handlerA, id, { to: 'ACKNOWLEDGED', note: 'Called the customer' });
    expect(ack.status, ack.text).toBe(200);
    expect(ack.json).toMatchObject({ status: 'ACKNOWLEDGED', handlerId: 'handler-a', version: 3 });
    expect((await move(handlerB, id, { to: 'IN_PROGRESS' })).status).toBe(403);
    expect((await move(manager, id, { to: 'IN_PROGRESS' })).status).toBe(403);
    expect((await move(analyst, id, { to: 'IN_PROGRESS' })).status).toBe(403);
    expect((await move(admin, id, { to: 'IN_PROGRESS' })).status).toBe(200);
  });

  it('resolves only with a final CFPB response code and matching relief, then closes; the customer may reopen', async () => {
    const id = await routedComplaint();
    await move(handlerA, id, { to: 'ACKNOWLEDGED' });
    expect((await move(handlerA, id, { to: 'RESOLVED' })).status).toBe(422);
    const wrongRelief = await move(handlerA, id, { to: 'RESOLVED', resolution: { code: 'CLOSED_WITH_MONETARY_RELIEF' } });
    expect(wrongRelief.status).toBe(422);
    expect(wrongRelief.json.errors[0].field).toBe('body.resolution');
    const resolved = await move(handlerA, id, {
      to: 'RESOLVED',
      resolution: { code: 'CLOSED_WITH_MONETARY_RELIEF', relief: { monetary: { minor: 1500, currency: 'CNY' } }, summary: 'Fee refunded' },
    });
    expect(resolved.status, resolved.text).toBe(200);
    expect(resolved.json.resolution.code).toBe('CLOSED_WITH_MONETARY_RELIEF');
    expect((await move(owner, id, { to: 'CLOSED' })).status).toBe(403);
    expect((await move(handlerA, id, { to: 'CLOSED' })).status).toBe(200);
    expect((await move(otherCustomer, id, { to: 'REOPENED' })).status).toBe(404);
    const reopened = await move(owner, id, { to: 'REOPENED', note: 'The fee was charged again' });
    expect(reopened.status, reopened.text).toBe(200);
    expect(reopened.json).toMatchObject({ status: 'REOPENED', reopenCount: 1 });
    expect((await move(owner, id, { to: 'IN_PROGRESS' })).status).toBe(403);
    expect((await move(owner, id, { to: 'WITHDRAWN' })).status).toBe(200);
    expect((await move(owner, id, { to: 'WITHDRAWN' })).status).toBe(409);
  });

  it('refuses an invalid move with 409 and a stale expectedVersion with 409', async () => {
    const id = await routedComplaint();
    const invalid = await move(admin, id, { to: 'CLOSED' });
    expect(invalid.status).toBe(409);
    expect(invalid.json.type).toBe('/problems/transition-not-allowed');
    const stale = await move(admin, id, { to: 'ACKNOWLEDGED', expectedVersion: 1 });
    expect(stale.status).toBe(409);
    expect(stale.json.type).toBe('/problems/complaint-changed');
  });

  it('keeps every change: the owner sees what and when, staff also who and why', async () => {
    const id = await routedComplaint();
    await move(handlerA, id, { to: 'ACKNOWLEDGED', note: 'internal: spoke to branch' });
    const staff = await api.call(`/complaints/${id}/history`, { token: handlerB });
    const mine = await api.call(`/complaints/${id}/history`, { token: owner });
    expect(staff.json.entries.map((e: { kind: string; to: string }) => `${e.kind}:${e.to}`)).toEqual(['RECEIPT:RECEIVED', 'TRANSITION:ROUTED', 'TRANSITION:ACKNOWLEDGED']);
    expect(staff.json.entries[2]).toMatchObject({ actorId: 'handler-a', note: 'internal: spoke to branch', from: 'ROUTED' });
    expect(mine.json.entries).toHaveLength(3);
    expect(JSON.stringify(mine.json)).not.toContain('internal: spoke to branch');
    expect((await api.call(`/complaints/${id}/history`, { token: otherCustomer })).status).toBe(404);
  });
});

describe('two handlers moving the same complaint at once', () => {
  it('lets one win and answers the other 409, with one change kept (DynamoDB Local, concurrent requests)', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 8; i++) ids.push((await file(owner, { description: `App login fails with error ${i}`, channel: 'MOBILE' })).json.complaintId);
    await api.routePending();
    let decidedByTheWrite = 0;
    for (const id of ids) {
      // Both handlers may take a complaint still waiting in its queue: only the version decides.
      const [a, b] = await Promise.all([move(handlerA, id, { to: 'ACKNOWLEDGED' }), move(handlerB, id, { to: 'ACKNOWLEDGED' })]);
      expect([a.status, b.status].sort(), `${a.text} ${b.text}`).toEqual([200, 409]);
      const loser = a.status === 409 ? a : b;
      if (loser.json.type === '/problems/complaint-changed') decidedByTheWrite++;
      const history = await api.call(`/complaints/${id}/history`, { token: admin });
      expect(history.json.entries.filter((e: { to: string }) => e.to === 'ACKNOWLEDGED')).toHaveLength(1);
      const winner = a.status === 200 ? 'handler-a' : 'handler-b';
      expect((await api.call(`/complaints/${id}`, { token: admin })).json.handlerId).toBe(winner);
    }
    // Most pairs read the same version and were decided by the conditional write itself.
    expect(decidedByTheWrite).toBeGreaterThan(0);
  });
});

describe('knowledge articles', () => {
  it('are seeded with the default set, and only admins change them', async () => {
    const list = await api.call('/knowledge/articles?category=MIS_SELLING', { token: handlerA });
    expect(list.status).toBe(200);
    expect(list.json.items.map((a: { id: string }) => a.id)).toEqual(['KB-CON-001', 'KB-CON-002']);
    const article = { category: 'MIS_SELLING', title: 'Cooling-off refunds', summary: 'Refund within the cooling-off period.', steps: ['Check the date'], tags: ['犹豫期'] };
    expect((await api.call('/knowledge/articles/KB-CON-003', { token: handlerA, method: 'PUT', body: article })).status).toBe(403);
    expect((await api.call('/knowledge/articles/KB-CON-003', { token: admin, method: 'PUT', body: article })).status).toBe(201);
    expect((await api.call('/knowledge/articles/KB-CON-003', { token: admin, method: 'PUT', body: { ...article, title: 'Cooling-off' } })).status).toBe(200);
    expect((await api.call('/knowledge/articles/KB-CON-001', { token: admin, method: 'DELETE' })).status).toBe(204);
    expect((await api.call('/knowledge/articles/KB-CON-001', { token: admin, method: 'DELETE' })).status).toBe(404);
    const after = await api.call('/knowledge/articles?category=MIS_SELLING', { token: handlerA });
    expect(after.json.items.map((a: { id: string; title: string }) => `${a.id}:${a.title}`)).toEqual(['KB-CON-002:Insurance or product bundled with a loan', 'KB-CON-003:Cooling-off']);
  });
});

describe('GET /analytics/complaints', () => {
  it('counts volume by category and queue, resolutions within deadline and the backlog', async () => {
    const res = await api.call('/analytics/complaints', { token: analyst });
    expect(res.status, res.text).toBe(200);
    expect(res.json.received).toBeGreaterThan(10);
    // Each count is shown (zero, or at least the minimum group size) or withheld as null and named.
    const counts: [string, number | null][] = [
      ...['received', 'resolved', 'resolvedWithinDeadline', 'openNow', 'overdueNow'].map((k) => [k, res.json[k]] as [string, number | null]),
      ...Object.entries<number | null>(res.json.byCategory).map(([k, v]) => [`byCategory.${k}`, v] as [string, number | null]),
      ...Object.entries<number | null>(res.json.byQueue).map(([k, v]) => [`byQueue.${k}`, v] as [string, number | null]),
    ];
    for (const [name, value] of counts) {
      expect(res.json.suppressed.includes(name), name).toBe(value === null);
      if (value !== null) expect(value === 0 || value >= res.json.minimumGroupSize, `${name} = ${value}`).toBe(true);
    }
    expect(res.json.byQueue.ACCOUNTS ?? res.json.minimumGroupSize).toBeGreaterThan(0);
    expect(res.json.openNow ?? res.json.minimumGroupSize).toBeGreaterThan(0);
    expect((await api.call('/analytics/complaints', { token: handlerA })).status).toBe(403);
    expect((await api.call('/analytics/complaints?from=2026-02-01&to=2026-01-01', { token: analyst })).status).toBe(400);
  });
});

// Issue 14.5: the complaint lists are paginated; forged cursors (tests/support/forged-cursors.ts) and every
// query parameter answer 4xx, never 5xx, and analytics' date range is bounded.
describe('complaint lists and analytics under forged cursors and wild query parameters', () => {
  it('answers 400 naming query.cursor, or a page, never 5xx', async () => {
    for (let i = 0; i < 3; i++) await file(owner, { description: `Card declined at the ATM, try ${i}`, channel: 'ATM' });
    await api.routePending();
    const cursorOf = async (path: string, token: string) => {
      const res = await api.call(`${path}?limit=1`, { token });
      expect(res.json.nextCursor, `${path} → ${res.text}`).toEqual(expect.any(String));
      return res.json.nextCursor as string;
    };
    const mine = await cursorOf('/me/complaints', owner);
    const staff = await cursorOf('/customers/C-OWNER/complaints', analyst);
    const lists: [string, string][] = [
      ['/me/complaints', owner],
      ['/me/complaints', otherCustomer],
      ['/customers/C-OWNER/complaints', analyst],
      ['/customers/C-OTHER/complaints', analyst],
      ['/queues/ACCOUNTS/complaints', handlerA],
      ['/queues/CARDS/complaints', handlerA],
    ];
    const params = fc.record(
      {
        limit: fc.oneof(fc.constantFrom('1', '100', '0', '-1', '1e3'), fc.string({ maxLength: 4 })),
        status: fc.oneof(fc.constantFrom('RESOLVED', 'ACKNOWLEDGED', 'received'), fc.string({ maxLength: 8 })),
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(fc.oneof(forgedCursors(mine, [staff]), forgedCursors(staff, [mine])), params, fc.constantFrom(...lists), async (cursor, p, [path, token]) => {
        const qs = new URLSearchParams({ ...p, cursor }).toString();
        const res = await api.call(`${path}?${qs}`, { token });
        expect(res.status, `${path}?${qs} → ${res.text}`).toBeLessThan(500);
        if (res.status >= 400) expect(ProblemDocument.safeParse(res.json).success, res.text).toBe(true);
      }),
      { numRuns: 200 },
    );
    const foreign = await api.call(`/me/complaints?cursor=${staff}`, { token: owner });
    expect(foreign.status).toBe(400);
    expect(foreign.json.errors.map((e: { field: string }) => e.field)).toContain('query.cursor');
  });

  it('bounds the analytics range: ends within 1900 .. tomorrow, from ≤ to, at most 366 days', async () => {
    const date = fc.oneof(
      fc.constantFrom('0001-01-01', '1899-12-31', '1900-01-01', '2025-01-01', '2026-01-02', '9999-12-31', '2026-02-30', ''),
      fc.date({ min: new Date('1800-01-01'), max: new Date('3000-01-01'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
      fc.string({ maxLength: 12 }),
    );
    await fc.assert(
      fc.asyncProperty(fc.record({ from: date, to: date }, { requiredKeys: [] }), async (range) => {
        const res = await api.call(`/analytics/complaints?${new URLSearchParams(range)}`, { token: analyst });
        expect(res.status, `${JSON.stringify(range)} → ${res.text}`).toBeLessThan(500);
        if (res.status === 200) {
          const days = (Date.parse(res.json.to) - Date.parse(res.json.from)) / 86_400_000 + 1;
          expect(days).toBeGreaterThan(0);
          expect(days).toBeLessThanOrEqual(366);
        }
      }),
      { numRuns: 100 },
    );
    const wide = await api.call('/analytics/complaints?from=1900-01-01&to=2026-01-01', { token: analyst });
    expect(wide.status).toBe(400);
    expect(wide.json.errors).toEqual([{ field: 'query.to', message: 'must be at most 366 days after from' }]);
  });
});
