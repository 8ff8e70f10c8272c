// At-least-once, any-order delivery must not change the result: whatever mix of events arrives, each
// one to three times and in any order, the table ends up exactly as after delivering each once, in order.
import fc from 'fast-check';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { CoreBankingDetailType } from '../../shared/contracts/events';
import { exampleDetails } from '../../shared/contracts/events/examples';
import { envelope, lambdaContext, sqsBatch, sqsRecord } from '../support/events';
import { createCustomerTable, createQueue, tableContents, useLocalAwsEnvironment } from '../support/local-aws';

type StreamEvent = { detailType: CoreBankingDetailType; detail: Record<string, unknown> };

type Ingest = typeof import('../../functions/ingest-events/handler').handler;
let once: { table: string; ingest: Ingest };
let messy: { table: string; ingest: Ingest };

/** The real handler bound to a fresh table: it reads TABLE_NAME once per cold start, so load it afresh. */
async function handlerWithTable() {
  const table = await createCustomerTable();
  vi.resetModules();
  process.env.TABLE_NAME = table;
  return { table, ingest: (await import('../../functions/ingest-events/handler')).handler };
}

beforeAll(async () => {
  useLocalAwsEnvironment();
  process.env.REJECTED_EVENTS_QUEUE_URL = await createQueue();
  once = await handlerWithTable();
  messy = await handlerWithTable();
});

const CUSTOMERS = ['C-1', 'C-2'];
const at = (minute: number) => new Date(Date.UTC(2026, 10, 1, 8, 0) + minute * 60_000).toISOString();

/** One entity's successive states: versions rise with time, as a producer emits them. */
const entityHistory = (
  arbitraryStep: fc.Arbitrary<Record<string, unknown>>,
  build: (step: Record<string, unknown>, version: number, minute: number) => StreamEvent,
) => fc.array(fc.tuple(arbitraryStep, fc.integer({ min: 1, max: 500 })), { minLength: 1, maxLength: 4 }).map((steps) => {
  let minute = 0;
  return steps.map(([step, gap], i) => build(step, i + 1, (minute += gap)));
});

const customerId = fc.constantFrom(...CUSTOMERS);
let serial = 0;
const nextId = (prefix: string) => `${prefix}-${++serial}`;

const profileHistory = customerId.chain((id) =>
  entityHistory(fc.record({ phone: fc.constantFrom('+86 138 0000 0001', '+86 138 0000 0002'), incomeBand: fc.constantFrom('LOW', 'HIGH') }), (step, version, minute) => ({
    detailType: version === 1 ? 'CustomerOnboarded' : 'CustomerProfileUpdated',
    detail: {
      ...exampleDetails.CustomerOnboarded,
      customerId: id,
      eventId: nextId('p'),
      occurredAt: at(minute),
      profile: { ...(exampleDetails.CustomerOnboarded.profile as object), ...step, version },
    },
  })),
);

const accountHistory = fc.tuple(customerId, fc.constantFrom('A-1', 'A-2'), fc.boolean()).chain(([id, accountId, closes]) =>
  entityHistory(fc.constant({}), (_, version, minute) => ({
    detailType: closes && version > 1 ? 'AccountClosed' : 'AccountOpened',
    detail: { ...exampleDetails.AccountClosed, customerId: id, accountId, version, eventId: nextId('a'), occurredAt: at(minute) },
  })),
);

const balanceReports = fc.array(
  fc.record({
    id: customerId,
    accountId: fc.constantFrom('A-1', 'A-2'),
    day: fc.integer({ min: 1, max: 3 }),
    minute: fc.integer({ min: 0, max: 2000 }),
    minor: fc.integer({ min: -5000, max: 5000 }),
  }),
  { maxLength: 6 },
).map((reports) =>
  reports.map(({ id, accountId, day, minute, minor }): StreamEvent => ({
    detailType: 'BalanceSnapshot',
    detail: {
      ...exampleDetails.BalanceSnapshot,
      customerId: id,
      accountId,
      asOf: `2026-11-0${day}`,
      occurredAt: at(minute),
      eventId: nextId('b'),
      balance: { minor, currency: 'CNY' },
    },
  })),
);

const loanHistory = customerId.chain((id) =>
  entityHistory(fc.record({ status: fc.constantFrom('CURRENT', 'DELINQUENT_30', 'DEFAULT'), daysPastDue: fc.nat(120) }), (step, version, minute) => ({
    detailType: 'LoanStatusChanged',
    detail: { ...exampleDetails.LoanStatusChanged, ...step, customerId: id, version, eventId: nextId('l'), occurredAt: at(minute) },
  })),
);

const activity = fc.array(
  fc.record({ id: customerId, minute: fc.nat(3000), interaction: fc.boolean(), minor: fc.nat(100_000) }),
  { maxLength: 8 },
).map((items) =>
  items.map(({ id, minute, interaction, minor }): StreamEvent =>
    interaction
      ? { detailType: 'ChannelInteraction', detail: { ...exampleDetails.ChannelInteraction, customerId: id, eventId: nextId('i'), occurredAt: at(minute) } }
      : {
          detailType: 'TransactionPosted',
          detail: { ...exampleDetails.TransactionPosted, customerId: id, eventId: nextId('t'), occurredAt: at(minute), amount: { minor, currency: 'CNY' } },
        },
  ),
);

// One history per entity: a producer never emits two different states under one version.
const entityKey = (history: StreamEvent[]) => `${history[0]!.detail.customerId}/${String(history[0]!.detail.accountId ?? '')}`;
const stream = fc
  .tuple(
    fc.uniqueArray(profileHistory, { maxLength: 2, selector: entityKey }),
    fc.uniqueArray(accountHistory, { maxLength: 2, selector: entityKey }),
    balanceReports,
    fc.array(loanHistory, { maxLength: 1 }),
    activity,
  )
  .map((parts) => parts.flat(2) as StreamEvent[]);

/** Each event one to three times, in an order chosen by fast-check. */
const deliveries = stream.chain((events) =>
  fc
    .tuple(
      fc.array(fc.integer({ min: 1, max: 3 }), { minLength: events.length, maxLength: events.length }),
      fc.array(fc.nat(), { minLength: events.length * 3, maxLength: events.length * 3 }),
    )
    .map(([copies, keys]) => {
      const all = events.flatMap((e, i) => Array.from({ length: copies[i]! }, () => e));
      return { events, shuffled: all.map((e, i) => ({ e, k: keys[i]! })).sort((a, b) => a.k - b.k).map(({ e }) => e) };
    }),
);

async function deliver(ingest: Ingest, events: StreamEvent[]) {
  for (let i = 0; i < events.length; i += 10) {
    const batch = events.slice(i, i + 10).map((e) => sqsRecord(envelope(e.detailType, e.detail)));
    const result = await ingest(sqsBatch(batch), lambdaContext('ingest-events'));
    expect(result.batchItemFailures).toEqual([]);
  }
}

const inProducerOrder = (events: StreamEvent[]) =>
  [...events].sort((a, b) => String(a.detail.occurredAt).localeCompare(String(b.detail.occurredAt)));

describe('delivery order and duplication', () => {
  it('leave the table exactly as one in-order delivery would', { timeout: 300_000 }, async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(deliveries, async ({ events, shuffled }) => {
        // Each run has customers of its own, so the two tables can be reused across runs.
        const prefix = `r${++run}-`;
        const own = (list: StreamEvent[]) =>
          list.map((e) => ({ ...e, detail: { ...e.detail, customerId: `${prefix}${String(e.detail.customerId)}` } }));
        await deliver(once.ingest, inProducerOrder(own(events)));
        await deliver(messy.ingest, own(shuffled));
        const customers = CUSTOMERS.map((c) => `${prefix}${c}`);
        expect(await tableContents(messy.table, customers)).toEqual(await tableContents(once.table, customers));
      }),
      { numRuns: 40 },
    );
  });
});
