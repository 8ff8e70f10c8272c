// GET /segments/{segment}/customers across every branch, over HTTP against DynamoDB Local: paging through
// the whole segment returns each of its customers once, by contribution, however many share one
// contribution and however the shards and branches divide them; cursors only work where they were issued.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SegmentStore } from '../../../shared/adapters/segment-store';
import { DEFAULT_SEGMENT_PARAMETERS } from '../../../shared/domain/segment-parameters';
import { runWithConcurrency } from '../../../bench/measure';
import { dynamoDb, storeFirstAssignment } from './segmentation-support';
import { startSegmentationApi } from './segmentation-api-harness';

const rules = DEFAULT_SEGMENT_PARAMETERS.segmentation;
const BRANCHES = ['BR-A', 'BR-B', 'BR-C', 'BR-D', 'BR-E'];
// Few distinct values, so that ties cross page and shard boundaries.
const CONTRIBUTIONS = [9_000_000, 4_000_000, 4_000_000, 2_500_000, 1_000_000, 1_000_000, 1_000_000];
const CUSTOMERS = 240;

let api: Awaited<ReturnType<typeof startSegmentationApi>>;
let analyst: string;

// Every customer is MVC (the floor is the threshold before any recalibration), but for every tenth,
// STANDARD, which the MVC list must leave out.
const customer = (i: number) => {
  const customerId = `C-${String(i).padStart(5, '0')}`;
  const trailing12Minor = i % 10 === 9 ? 50_000 : CONTRIBUTIONS[i % CONTRIBUTIONS.length]!;
  return { customerId, branchId: BRANCHES[i % BRANCHES.length]!, trailing12Minor };
};

beforeAll(async () => {
  api = await startSegmentationApi();
  analyst = api.token({ groups: ['analyst'] });
  const store = new SegmentStore(dynamoDb(), api.tableName);
  await runWithConcurrency(CUSTOMERS, 8, async (i) => {
    await storeFirstAssignment(store, customer(i));
  });
});
afterAll(() => api?.stop());

type Listed = { customerId: string; branchId: string; trailing12Minor: number; managerId: string | null };
// The full list across branches is beyond an analyst's need-to-know (they get it pseudonymised): break-glass.
const get = (path: string) => api.call(path, { token: analyst, headers: { 'X-Break-Glass-Reason': 'Checking the segment index after a recalibration' } });

async function pageThrough(path: string, limit: number) {
  const pages: Listed[][] = [];
  let cursor: string | null = null;
  do {
    const res = await get(`${path}${path.includes('?') ? '&' : '?'}limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`);
    expect(res.status, res.text).toBe(200);
    pages.push(res.json.customers);
    cursor = res.json.nextCursor;
  } while (cursor && pages.length < 1_000);
  return pages;
}

describe('the MVC list across every branch', () => {
  const mvc = Array.from({ length: CUSTOMERS }, (_, i) => customer(i)).filter((c) => c.trailing12Minor >= rules.mvc.floorMinor);

  it('returns every MVC customer once, highest contribution first, in pages of the size asked', async () => {
    const pages = await pageThrough('/segments/MVC/customers', 7);
    const listed = pages.flat();
    expect(pages.slice(0, -1).every((p) => p.length === 7)).toBe(true);
    expect(pages.at(-1)!.length).toBeGreaterThan(0); // no cursor is handed out for an empty page
    expect(listed.map((c) => c.customerId).sort()).toEqual(mvc.map((c) => c.customerId).sort());
    const contributions = listed.map((c) => c.trailing12Minor);
    expect(contributions).toEqual([...contributions].sort((a, b) => b - a));
    const byId = new Map(mvc.map((c) => [c.customerId, c]));
    for (const c of listed) expect(c).toMatchObject({ branchId: byId.get(c.customerId)!.branchId, trailing12Minor: byId.get(c.customerId)!.trailing12Minor });
  });

  it('gives the same list whatever the page size', async () => {
    const ids = (pages: Listed[][]) => pages.flat().map((c) => c.customerId);
    const whole = ids(await pageThrough('/segments/MVC/customers', 100));
    expect(ids(await pageThrough('/segments/MVC/customers', 13))).toEqual(whole);
    expect(whole).toHaveLength(mvc.length);
  });

  it("agrees with each branch's own list", async () => {
    const across = (await pageThrough('/segments/MVC/customers', 100)).flat();
    for (const branchId of BRANCHES) {
      const own = (await pageThrough(`/segments/MVC/customers?branch=${branchId}`, 100)).flat();
      expect(own.map((c) => c.customerId).sort()).toEqual(across.filter((c) => c.branchId === branchId).map((c) => c.customerId).sort());
    }
  });

  it('refuses a cursor issued for a branch, another segment, or tampered with, naming the cursor', async () => {
    const branchPage = await get('/segments/MVC/customers?branch=BR-A&limit=1');
    const acrossPage = await get('/segments/MVC/customers?limit=1');
    const tampered = Buffer.from(JSON.stringify({ p: '[1,2,3]', s: 'x' })).toString('base64url');
    for (const path of [
      `/segments/MVC/customers?cursor=${branchPage.json.nextCursor}`,
      `/segments/MVC/customers?branch=BR-A&cursor=${acrossPage.json.nextCursor}`,
      `/segments/MGC/customers?cursor=${acrossPage.json.nextCursor}`,
      `/segments/MVC/customers?cursor=${tampered}`,
    ]) {
      const res = await get(path);
      expect(res.status, path).toBe(400);
      expect(res.json.errors.map((e: { field: string }) => e.field)).toEqual(['query.cursor']);
    }
  });

  it('lists an empty segment as one empty page', async () => {
    const res = await get('/segments/MGC/customers');
    expect(res.json).toEqual({ segment: 'MGC', branchId: null, customers: [], nextCursor: null });
  });
});
