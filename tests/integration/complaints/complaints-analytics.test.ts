// The analytics' daily counters (FIGURES#<month> / <day>#<shard>) against the complaints themselves:
// complaints filed, routed, acknowledged, resolved, closed, reopened and withdrawn through the real API
// and the real router on DynamoDB Local, the table's stream redelivered to the router, transitions
// retried; after each step the counters give exactly the figures computed from the stored complaints
// (complaintFigures, the definition), the median within its bucket resolution, and GET
// /analytics/complaints answers those figures with small groups withheld.
import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ComplaintFigureStore } from '../../../shared/adapters/complaint-figure-store';
import { fromItem } from '../../../shared/adapters/complaint-store';
import { ROUTING_OUTBOX_FILTER } from '../../../shared/adapters/complaint-outbox';
import type { Complaint } from '../../../shared/domain/complaints/complaint';
import { complaintFigures, figuresFromCounters, publishedFigures, type ComplaintFigures } from '../../../functions/complaint-insights/complaint-analytics';
import { TableStream } from '../../../local/services/table-stream';
import { lambdaContext } from '../../support/events';
import { dynamoDb } from '../../support/local-aws';
import { startComplaintApi, type ComplaintApiHarness } from './complaints-api-harness';

let api: ComplaintApiHarness;
let table: string;
let figures: ComplaintFigureStore;
let redelivery: TableStream;
let supervisor: string;
let analyst: string;
const customers = ['C-AGG-1', 'C-AGG-2', 'C-AGG-3', 'C-AGG-4'];
const tokens: Record<string, string> = {};

beforeAll(async () => {
  api = await startComplaintApi();
  table = process.env.COMPLAINTS_TABLE_NAME!;
  figures = new ComplaintFigureStore(dynamoDb(), table);
  // A second reader of the routing outbox: every record the router was given, to give it again.
  redelivery = await TableStream.of(dynamoDb(), table, inject('dynamoDbEndpoint'), ROUTING_OUTBOX_FILTER);
  supervisor = api.token({ groups: ['admin'], subject: 'supervisor-agg' });
  analyst = api.token({ groups: ['analyst'], subject: 'analyst-agg' });
  for (const c of customers) tokens[c] = api.token({ groups: ['customer'], customerId: c, subject: `sub-${c}` });
}, 120_000);
afterAll(() => api?.stop());

const DESCRIPTIONS = [
  'I was charged a monthly maintenance fee twice',
  'The ATM kept my card and did not give me the cash',
  'There is a transaction on my card I did not make, it was not me',
  'My transfer to my landlord has not arrived after five days',
  'I cannot log in to the mobile app since the update',
  'The staff at the branch were rude to me',
  'My loan repayment was taken twice this month',
  '这笔交易根本不是我操作的，请退款',
];

async function storedComplaints(): Promise<Complaint[]> {
  const out: Complaint[] = [];
  let start: Record<string, any> | undefined;
  do {
    const page = await dynamoDb().send(
      new ScanCommand({ TableName: table, FilterExpression: 'SK = :c', ExpressionAttributeValues: { ':c': { S: 'COMPLAINT' } }, ExclusiveStartKey: start, ConsistentRead: true }),
    );
    out.push(...(page.Items ?? []).map((i) => fromItem(i).complaint));
    start = page.LastEvaluatedKey;
  } while (start);
  return out;
}

const today = () => new Date().toISOString().slice(0, 10);

/** The figures from the counters and from the complaints, at `now`, over today. */
async function bothWays(now: string) {
  const range = { from: today(), to: today() };
  const fromCounters = figuresFromCounters(await figures.countersBetween(range.from, range.to), await figures.overdueBetween(range.from, range.to, now), range, now);
  const complaints = (await storedComplaints()).filter((c) => c.receivedAt.slice(0, 10) === range.from);
  return { fromCounters, fromComplaints: complaintFigures(complaints, range, now) };
}

function expectSameFigures(a: ComplaintFigures, b: ComplaintFigures) {
  const { medianHoursToResolve: ma, ...restA } = a;
  const { medianHoursToResolve: mb, ...restB } = b;
  expect(restA).toEqual(restB);
  if (mb === null) expect(ma).toBeNull();
  // Hour buckets below 30 days: the median from them is within half an hour of the exact one.
  else expect(Math.abs(ma! - mb)).toBeLessThanOrEqual(0.5);
}

async function expectCountersMatch() {
  const now = new Date().toISOString();
  const { fromCounters, fromComplaints } = await bothWays(now);
  expectSameFigures(fromCounters, fromComplaints);
  // Far ahead, every open complaint is overdue: the byQueue index's count and the unrouted ones.
  const later = new Date(Date.now() + 400 * 86_400_000).toISOString();
  const ahead = await bothWays(later);
  expectSameFigures(ahead.fromCounters, ahead.fromComplaints);
  return { fromCounters, fromComplaints, ahead };
}

const file = (customer: string, description: string) =>
  api.call('/complaints', { token: tokens[customer]!, body: { description, channel: 'MOBILE' } });
const move = (token: string, id: string, body: Record<string, unknown>) => api.call(`/complaints/${id}/transitions`, { token, body });
const resolution = { code: 'CLOSED_WITH_EXPLANATION', summary: 'Explained the charge' };

describe('the analytics counters kept by each lifecycle write', () => {
  const ids: string[] = [];

  it('count intake and routing, concurrent filings included, and do not count a redelivered stream record twice', async () => {
    // 24 at once: several land on the same day shard at the same moment (a transaction conflict, retried).
    const filed = await Promise.all(Array.from({ length: 24 }, (_, i) => file(customers[i % customers.length]!, DESCRIPTIONS[i % DESCRIPTIONS.length]!)));
    for (const f of filed) expect(f.status, f.text).toBe(202);
    ids.push(...filed.map((f) => f.json.complaintId as string));
    const received = await expectCountersMatch();
    expect(received.fromCounters.received).toBe(24);
    expect(received.fromCounters.byQueue).toEqual(expect.objectContaining({ ACCOUNTS: 0 }));

    await api.routePending();
    const routed = await expectCountersMatch();
    expect(Object.values(routed.fromCounters.byQueue).reduce((a, b) => a + b, 0)).toBe(24);
    expect(routed.fromCounters.openNow).toBe(24);
    expect(routed.ahead.fromCounters.overdueNow).toBe(24);

    // Every record the router was given, given again (twice): it finds the version moved and writes nothing.
    const { handler: router } = await import('../../../functions/complaint-router/handler');
    const batches = await redelivery.pendingBatches();
    expect(batches.flatMap((b) => b.Records).length).toBeGreaterThanOrEqual(24);
    for (let round = 0; round < 2; round++) {
      for (const batch of batches) expect((await router(batch, lambdaContext('complaint-router'))).batchItemFailures).toEqual([]);
    }
    const again = await expectCountersMatch();
    expect(again.fromCounters).toEqual({ ...routed.fromCounters, asOf: again.fromCounters.asOf });
  }, 240_000);

  it('move with acknowledgement, resolution, closing, reopening and withdrawal, and not on a refused retry', async () => {
    const [toResolve, toClose, toReopen, toWithdraw] = [ids.slice(0, 10), ids.slice(0, 4), ids.slice(4, 7), ids.slice(20, 23)];
    for (const id of ids.slice(0, 16)) expect((await move(supervisor, id, { to: 'ACKNOWLEDGED' })).status).toBe(200);
    for (const id of toResolve) expect((await move(supervisor, id, { to: 'RESOLVED', resolution })).status).toBe(200);
    await expectCountersMatch();
    // A retried resolution is refused (the complaint is resolved already): nothing is counted again.
    const retry = await move(supervisor, toResolve[0]!, { to: 'RESOLVED', resolution });
    expect(retry.status).toBeGreaterThanOrEqual(400);
    expect(retry.status).toBeLessThan(500);
    for (const id of toClose) expect((await move(supervisor, id, { to: 'CLOSED' })).status).toBe(200);
    for (const id of toReopen) expect((await move(supervisor, id, { to: 'REOPENED', note: 'Charged again' })).status).toBe(200);
    for (const id of toWithdraw) {
      const owner = customers[ids.indexOf(id) % customers.length]!;
      expect((await move(tokens[owner]!, id, { to: 'WITHDRAWN' })).status).toBe(200);
    }
    const { fromCounters } = await expectCountersMatch();
    expect(fromCounters).toMatchObject({ received: 24, resolved: 7, resolvedWithinDeadline: 7, openNow: 24 - 7 - 3 });
    expect(fromCounters.medianHoursToResolve).not.toBeNull();
  }, 240_000);

  it('answer GET /analytics/complaints with the figures of the complaints, small groups withheld', async () => {
    const res = await api.call(`/analytics/complaints?from=${today()}&to=${today()}`, { token: analyst });
    expect(res.status, res.text).toBe(200);
    const { fromComplaints } = await bothWays(res.json.asOf);
    const expected = publishedFigures(fromComplaints);
    const { medianHoursToResolve: m, asOf: _a, ...rest } = res.json;
    const { medianHoursToResolve: mExpected, asOf: _b, ...restExpected } = expected;
    expect(rest).toEqual(restExpected);
    if (mExpected === null) expect(m).toBeNull();
    else expect(Math.abs(m - mExpected)).toBeLessThanOrEqual(0.5);
    // Withdrawn is 3 (received 24 = open 14 + resolved 7 + 3): not readable as received − open − resolved.
    expect(res.json.received).toBe(24);
    expect(res.json.suppressed.some((s: string) => s === 'openNow' || s === 'resolved')).toBe(true);
  }, 120_000);

  it('keeps the range bound: more than 366 days is a 400 naming query.to', async () => {
    const wide = await api.call('/analytics/complaints?from=2025-01-01&to=2026-01-02', { token: analyst });
    expect(wide.status).toBe(400);
    expect(wide.json.errors).toEqual([{ field: 'query.to', message: 'must be at most 366 days after from' }]);
    const yearAgo = new Date(Date.now() - 365 * 86_400_000).toISOString().slice(0, 10);
    const year = await api.call(`/analytics/complaints?from=${yearAgo}&to=${today()}`, { token: analyst });
    expect(year.status, year.text).toBe(200);
    // What a year costs, whatever the number of complaints: a Query per month of counters (13 at most)
    // and a counting Query per queue and open status, plus the unrouted partition (9 × 4 + 1).
    const before = figures.requests;
    await figures.countersBetween(yearAgo, today());
    const counterQueries = figures.requests - before;
    await figures.overdueBetween(yearAgo, today(), new Date().toISOString());
    expect(counterQueries).toBeLessThanOrEqual(13);
    expect(figures.requests - before - counterQueries).toBe(37);
  });
});
