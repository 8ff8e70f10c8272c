// The customer API end to end over HTTP: template routes on the local API Gateway, the real handler,
// DynamoDB Local holding what the real ingestion wrote.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CustomerView } from '../../../shared/contracts/api/customer-view';
import { MyEssentials } from '../../../shared/contracts/api/my-essentials';
import { ProblemDocument } from '../../../shared/contracts/api/problem';
import { TimelinePage } from '../../../shared/contracts/api/timeline';
import { expectedTimeline, OTHER, OWNER, otherEvents, ownerEvents, personalValues, SPARSE, sparseEvents, UNKNOWN } from './customer-fixtures';
import { startCustomerApi, type CustomerApiHarness } from './customer-api-harness';

let api: CustomerApiHarness;
let staff: string;
const owner = ownerEvents();

beforeAll(async () => {
  api = await startCustomerApi({ events: [...owner, ...otherEvents(), ...sparseEvents()], api: { allowedOrigins: ['http://localhost:3000'] } });
  // A relationship manager of the fixtures' branch: every customer here is in their scope (need-to-know).
  staff = api.token({ groups: ['relationship-manager'], claims: { 'custom:branchId': 'BR-SH-002' } });
});
afterAll(() => api?.stop());

const problem = (body: unknown) => ProblemDocument.parse(body);

async function allPages(path: string, query: Record<string, string> = {}) {
  const ids: string[] = [];
  const pageSizes: number[] = [];
  let cursor: string | null = null;
  for (let i = 0; i < 100; i++) {
    const qs = new URLSearchParams({ ...query, ...(cursor ? { cursor } : {}) });
    const res = await api.call(`${path}?${qs}`, { token: staff });
    expect(res.status, res.text).toBe(200);
    const page = TimelinePage.parse(res.json);
    ids.push(...page.entries.map((e) => e.eventId));
    pageSizes.push(page.entries.length);
    cursor = page.nextCursor;
    if (!cursor) return { ids, pageSizes };
  }
  throw new Error('the cursor never ended');
}

describe('GET /customers/{customerId}', () => {
  it('gives staff the profile and holdings, with latest balance and loan status, and no segment yet', async () => {
    const res = await api.call(`/customers/${OWNER}`, { token: staff });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    const view = CustomerView.parse(res.json);
    expect(view.profile).toMatchObject({ fullName: personalValues[OWNER].fullName, vulnerable: true, incomeBand: 'VERY_HIGH' });
    expect(view.holdings.map((h) => h.accountId)).toEqual([...personalValues[OWNER].accounts]);
    expect(view.holdings[0]!.latestBalance).toEqual({ minor: 100_000, currency: 'CNY', asOf: '2026-10-31' });
    expect(view.holdings[2]!.loan).toMatchObject({ status: 'DELINQUENT_60', daysPastDue: 61, outstanding: { minor: 300_000, currency: 'CNY' } });
    expect(view).toMatchObject({ segment: null, relationshipManager: null });
  });

  it('answers 404 as a problem document for a customer nobody knows', async () => {
    const res = await api.call(`/customers/${UNKNOWN}`, { token: staff });
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(problem(res.json)).toMatchObject({ status: 404, instance: `/customers/${UNKNOWN}` });
  });

  it('names the path parameter that is not a customer id', async () => {
    const res = await api.call('/customers/%24bad%20id', { token: staff });
    expect(res.status).toBe(400);
    expect(problem(res.json).errors?.map((e) => e.field)).toEqual(['path.customerId']);
  });
});

describe('GET /customers/{customerId}/timeline', () => {
  it('lists every entry once, newest first, across pages linked by the cursor', async () => {
    const { ids, pageSizes } = await allPages(`/customers/${OWNER}/timeline`, { limit: '7' });
    expect(ids).toEqual(expectedTimeline(owner));
    expect(pageSizes.slice(0, -1).every((n) => n === 7)).toBe(true);
  });

  it("shows a transaction's counterparty, remittance text and the posting it reverses", async () => {
    const page = TimelinePage.parse((await api.call(`/customers/${OWNER}/timeline?limit=100`, { token: staff })).json);
    const tx = (id: string) => page.entries.find((e) => e.eventId === id) as Extract<TimelinePage['entries'][number], { type: 'TRANSACTION' }>;
    expect(tx('own-tx-000')).toMatchObject({ counterpartyName: personalValues[OWNER].counterparty, remittanceInformation: personalValues[OWNER].remittance, reversalOf: null });
    expect(tx('own-tx-001')).toMatchObject({ reversalOf: 'own-tx-000', direction: 'CREDIT', counterpartyName: null, remittanceInformation: null });
    expect(tx('own-tx-002')).toMatchObject({ reversalOf: null, counterpartyName: null, remittanceInformation: null });
  });

  it('filters by channel', async () => {
    const { ids } = await allPages(`/customers/${OWNER}/timeline`, { channel: 'ATM', limit: '4' });
    expect(ids).toEqual(expectedTimeline(owner, 'ATM'));
    expect(ids.length).toBe(9);
  });

  it('keeps to the from and to bounds, both inclusive, whatever the offset', async () => {
    // 2026-10-01T10:00+08:00 is 02:00Z, the third transaction; 12:00+08:00 the fifth.
    const res = await api.call(`/customers/${OWNER}/timeline?from=${encodeURIComponent('2026-10-01T10:00:00+08:00')}&to=2026-10-01T04:00:00Z`, {
      token: staff,
    });
    const page = TimelinePage.parse(res.json);
    expect(page.entries.map((e) => e.eventId)).toEqual(['own-tx-004', 'own-tx-003', 'own-tx-002']);
  });

  it('bounds what one page reads on a sparse channel, and still reaches every match', async () => {
    const first = await api.call(`/customers/${SPARSE}/timeline?channel=BRANCH&limit=10`, { token: staff });
    const page = TimelinePage.parse(first.json);
    // 600 newer mobile logins lie before the first branch visit; one page reads at most 500 entries.
    expect(page.entries).toHaveLength(0);
    expect(page.nextCursor).not.toBeNull();
    const { ids } = await allPages(`/customers/${SPARSE}/timeline`, { channel: 'BRANCH', limit: '10' });
    expect(ids).toEqual(['sparse-branch-2', 'sparse-branch-1', 'sparse-branch-0']);
  });

  it('refuses a cursor of another customer, naming it', async () => {
    const first = TimelinePage.parse((await api.call(`/customers/${OWNER}/timeline?limit=2`, { token: staff })).json);
    const res = await api.call(`/customers/${OTHER}/timeline?limit=2&cursor=${first.nextCursor}`, { token: staff });
    expect(res.status).toBe(400);
    expect(problem(res.json).errors).toEqual([{ field: 'query.cursor', message: expect.any(String) }]);
  });

  it.each([
    ['limit=0', 'query.limit'],
    ['limit=101', 'query.limit'],
    ['channel=CARRIER_PIGEON', 'query.channel'],
    ['from=yesterday', 'query.from'],
    ['from=2026-11-02&to=2026-11-01', 'query.from'],
    ['sort=asc', 'query.sort'],
  ])('answers 400 naming the field for %s', async (qs, field) => {
    const res = await api.call(`/customers/${OWNER}/timeline?${qs}`, { token: staff });
    expect(res.status).toBe(400);
    expect(problem(res.json).errors?.map((e) => e.field)).toContain(field);
  });
});

describe('GET /me', () => {
  it("gives a customer its own essentials at the STANDARD tier, without internal labels", async () => {
    const res = await api.call('/me', { token: api.token({ groups: ['customer'], customerId: OWNER }) });
    expect(res.status).toBe(200);
    const me = MyEssentials.parse(res.json);
    expect(me).toMatchObject({ customerId: OWNER, fullName: personalValues[OWNER].fullName, serviceTier: 'CLASSIC', relationshipManager: null });
    expect(me.accounts.map((a) => a.accountId)).toEqual([...personalValues[OWNER].accounts]);
    for (const internal of ['VERY_HIGH', 'vulnerable', 'segment', 'DELINQUENT', 'incomeBand']) expect(res.text).not.toContain(internal);
  });
});

describe('GET /openapi.json', () => {
  it('serves the committed document without a token', async () => {
    const res = await api.call('/openapi.json');
    expect(res.status).toBe(200);
    expect(res.json).toEqual(JSON.parse(readFileSync(new URL('../../../docs/openapi.json', import.meta.url), 'utf8')));
  });
});

describe('what API Gateway and the router refuse', () => {
  it('answers 401 as a problem document without a token, before the function runs', async () => {
    const res = await api.call(`/customers/${OWNER}`);
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(problem(res.json)).toMatchObject({ status: 401, title: 'Unauthorized' });
  });

  it('answers 401 for an expired token, an ID token of another pool, and an access token', async () => {
    const expired = api.token({ groups: ['admin'], ttlSeconds: -10 });
    const access = api.token({ groups: ['admin'], tokenUse: 'access' });
    const forged = `${staff.slice(0, staff.lastIndexOf('.'))}.${'A'.repeat(342)}`;
    for (const token of [expired, access, forged, 'not-a-jwt']) {
      expect((await api.call(`/customers/${OWNER}`, { token })).status).toBe(401);
    }
  });

  it('answers 404 for an unknown path and 405 with Allow for a wrong method', async () => {
    const unknown = await api.call('/accounts/123', { token: staff });
    expect(unknown.status).toBe(404);
    expect(problem(unknown.json).status).toBe(404);
    const wrong = await api.call(`/customers/${OWNER}`, { token: staff, method: 'DELETE' });
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('GET');
    expect((await api.call('/openapi.json', { method: 'POST', body: '{}' })).status).toBe(405);
  });

  it('answers 404 for a path outside the stage', async () => {
    const res = await fetch(api.url.replace(/\/dev$/, '/prod/customers/x'));
    expect(res.status).toBe(404);
  });

  it('answers 413 for a body over API Gateway\'s 10 MB', async () => {
    const res = await api.call(`/customers/${OWNER}`, { token: staff, method: 'POST', body: 'x'.repeat(10 * 1024 * 1024 + 1) });
    expect(res.status).toBe(413);
  });
});

describe('correlation and CORS', () => {
  it('echoes the correlation id the client sent, or the request id', async () => {
    const given = await api.call(`/customers/${OWNER}`, { token: staff, headers: { 'X-Correlation-Id': 'case-42' } });
    expect(given.headers.get('x-correlation-id')).toBe('case-42');
    const generated = await api.call(`/customers/${OWNER}`, { token: staff });
    expect(generated.headers.get('x-correlation-id')).toBe(generated.headers.get('x-amzn-requestid'));
  });

  it('answers a browser preflight from an allowed origin only', async () => {
    const allowed = await api.call(`/customers/${OWNER}`, { method: 'OPTIONS', headers: { Origin: 'http://localhost:3000' } });
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe('http://localhost:3000');
    expect(allowed.headers.get('access-control-allow-headers')).toContain('Authorization');
    const other = await api.call(`/customers/${OWNER}`, { method: 'OPTIONS', headers: { Origin: 'https://elsewhere.example' } });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });
});
