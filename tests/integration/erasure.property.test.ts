// Erasure must survive the pipeline's own guarantees: for generated customers and event streams, an
// approved erasure followed by any redelivery, reordering or full replay of the customer's events (and
// late events never seen before) leaves none of their personal data anywhere in any table, while the
// financial facts stay, pseudonymised, and no marketing consent survives.
import { ListTablesCommand, ScanCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { ComplaintStore } from '../../shared/adapters/complaint-store';
import { CustomerErasure } from '../../shared/adapters/customer-erasure';
import { ErasureRequests } from '../../shared/adapters/erasure-requests';
import { SegmentStore } from '../../shared/adapters/segment-store';
import type { CoreBankingDetailType } from '../../shared/contracts/events';
import { exampleDetails } from '../../shared/contracts/events/examples';
import { approveErasure } from '../../shared/data-protection/erase-customer';
import { receiveComplaint } from '../../shared/domain/complaints/complaint';
import { permittedContacts } from '../../shared/domain/marketing-consent';
import { createComplaintsTable } from './complaints/complaints-support';
import { envelope, lambdaContext, sqsBatch, sqsRecord } from '../support/events';
import { createCustomerTable, createQueue, dynamoDb, tableContents, useLocalAwsEnvironment } from '../support/local-aws';

type StreamEvent = { detailType: CoreBankingDetailType; detail: Record<string, unknown> };
type Ingest = typeof import('../../functions/ingest-events/handler').handler;

let table: string;
let complaintsTable: string;
let ingest: Ingest;
const client = dynamoDb();

beforeAll(async () => {
  useLocalAwsEnvironment();
  process.env.REJECTED_EVENTS_QUEUE_URL = await createQueue();
  table = await createCustomerTable();
  complaintsTable = await createComplaintsTable();
  vi.resetModules();
  process.env.TABLE_NAME = table;
  ingest = (await import('../../functions/ingest-events/handler')).handler;
}, 60_000);

const at = (minute: number) => new Date(Date.UTC(2026, 10, 1, 8, 0) + minute * 60_000).toISOString();
/** Personal values no other test (nor the bank) could hold: a scan finding one found this customer's data. */
const marker = fc.stringMatching(/^[A-Z][a-z]{3,8}$/).map((s) => `${s}${randomUUID().slice(0, 8)}`);
const phone = fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 11, maxLength: 11 }).map((d) => `+44 ${d.join('')}`);

const person = fc.record({ name: marker, email: marker.map((m) => `${m.toLowerCase()}@mail.example`), phone });

type Customer = { customerId: string; events: StreamEvent[]; lateEvents: StreamEvent[]; personal: string[]; complaintText: string };

const customer = fc
  .record({
    profiles: fc.array(person, { minLength: 1, maxLength: 3 }),
    transfers: fc.array(fc.record({ counterparty: marker, remittance: marker, minute: fc.nat(5000), minor: fc.nat(1_000_000) }), { maxLength: 6 }),
    consents: fc.array(fc.record({ purpose: fc.constantFrom('PRODUCT_OFFERS', 'PARTNER_OFFERS'), channel: fc.constantFrom('EMAIL', 'SMS'), minute: fc.nat(5000) }), {
      maxLength: 3,
    }),
    late: fc.record({ person, counterparty: marker, remittance: marker }),
    complaintText: marker,
  })
  .map(({ profiles, transfers, consents, late, complaintText }): Customer => {
    const customerId = `E-${randomUUID().slice(0, 12)}`;
    const base = (eventId: string, minute: number) => ({ schemaVersion: 1, customerId, eventId, occurredAt: at(minute) });
    const profileEvent = (p: typeof late.person, version: number, minute: number): StreamEvent => ({
      detailType: version === 1 ? 'CustomerOnboarded' : 'CustomerProfileUpdated',
      detail: {
        ...base(`${customerId}-p${version}`, minute),
        profile: { ...(exampleDetails.CustomerOnboarded.profile as object), fullName: p.name, email: p.email, phone: p.phone, version },
      },
    });
    const transfer = (t: { counterparty: string; remittance: string; minute: number; minor: number }, id: string): StreamEvent => ({
      detailType: 'TransactionPosted',
      detail: {
        ...exampleDetails.TransactionPosted,
        ...base(id, t.minute),
        amount: { minor: t.minor, currency: 'CNY' },
        counterpartyName: t.counterparty,
        remittanceInformation: t.remittance,
      },
    });
    const events: StreamEvent[] = [
      ...profiles.map((p, i) => profileEvent(p, i + 1, i * 60)),
      ...transfers.map((t, i) => transfer(t, `${customerId}-t${i}`)),
      ...consents.map((c, i): StreamEvent => ({
        detailType: 'MarketingConsentChanged',
        detail: { ...base(`${customerId}-c${i}`, c.minute), purpose: c.purpose, channel: c.channel, state: 'GRANTED' },
      })),
      { detailType: 'BalanceSnapshot', detail: { ...exampleDetails.BalanceSnapshot, ...base(`${customerId}-b`, 100) } },
    ];
    // Never seen before the erasure: a newer profile version, a new transfer, a grant made later.
    const lateEvents: StreamEvent[] = [
      profileEvent(late.person, profiles.length + 1, 9000),
      transfer({ counterparty: late.counterparty, remittance: late.remittance, minute: 9001, minor: 1 }, `${customerId}-late`),
      { detailType: 'MarketingConsentChanged', detail: { ...base(`${customerId}-late-c`, 9002), purpose: 'SURVEYS', channel: 'PUSH', state: 'GRANTED' } },
    ];
    const personal = [
      ...profiles.flatMap((p) => [p.name, p.email, p.phone]),
      ...transfers.flatMap((t) => [t.counterparty, t.remittance]),
      late.person.name,
      late.person.email,
      late.person.phone,
      late.counterparty,
      late.remittance,
      complaintText,
    ];
    return { customerId, events, lateEvents, personal, complaintText };
  });

/** After the erasure: each event 0-3 times (a full replay, a partial redelivery), late ones among them, in any order. */
const scenario = customer.chain((c) =>
  fc
    .record({
      copies: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: c.events.length, maxLength: c.events.length }),
      fullReplay: fc.boolean(),
      order: fc.array(fc.nat(), { minLength: c.events.length * 4 + 3, maxLength: c.events.length * 4 + 3 }),
    })
    .map(({ copies, fullReplay, order }) => {
      const again = c.events.flatMap((e, i) => Array.from({ length: fullReplay ? Math.max(1, copies[i]!) : copies[i]! }, () => e));
      const after = [...again, ...c.lateEvents].map((e, i) => ({ e, k: order[i] ?? i })).sort((a, b) => a.k - b.k).map(({ e }) => e);
      return { customer: c, after };
    }),
);

async function deliver(events: StreamEvent[]) {
  for (let i = 0; i < events.length; i += 10) {
    const result = await ingest(sqsBatch(events.slice(i, i + 10).map((e) => sqsRecord(envelope(e.detailType, e.detail)))), lambdaContext('ingest-events'));
    expect(result.batchItemFailures).toEqual([]);
  }
}

/** Every item of every table DynamoDB Local holds, as text: "anywhere in the tables". */
async function everyTableAsText(): Promise<string> {
  const names: string[] = [];
  let start: string | undefined;
  do {
    const out = await client.send(new ListTablesCommand({ ExclusiveStartTableName: start }));
    names.push(...(out.TableNames ?? []));
    start = out.LastEvaluatedTableName;
  } while (start);
  const parts: string[] = [];
  for (const name of names) {
    let key: Record<string, AttributeValue> | undefined;
    do {
      const out = await client.send(new ScanCommand({ TableName: name, ExclusiveStartKey: key, ConsistentRead: true }));
      parts.push(...(out.Items ?? []).map((i) => JSON.stringify(unmarshall(i))));
      key = out.LastEvaluatedKey;
    } while (key);
  }
  return parts.join('\n');
}

async function fileComplaint(customerId: string, text: string) {
  const store = new ComplaintStore(client, complaintsTable);
  const complaint = receiveComplaint({ id: randomUUID(), customerId, receivedAt: at(200) });
  const intake = { description: `My card was blocked. ${text}`, channel: 'MOBILE' as const, contactPreference: { method: 'EMAIL' }, filedBy: { role: 'CUSTOMER' as const, subject: 'sub-1' } };
  await store.create({ complaint, intake }, { complaintId: complaint.id, version: 1, kind: 'RECEIPT', to: 'RECEIVED', actor: { role: 'CUSTOMER', id: 'sub-1' }, at: complaint.receivedAt, note: `Called about ${text}` });
}

describe('erasure', () => {
  it('leaves no personal data in any table after any redelivery, reordering or replay, and keeps the financial facts', { timeout: 600_000 }, async () => {
    const requests = new ErasureRequests(client, table);
    const deps = {
      requests,
      partition: new CustomerErasure(client, table),
      complaints: new ComplaintStore(client, complaintsTable),
      retention: { years: 5, regulation: 'UK MLR 2017 reg. 40' },
      now: () => new Date('2026-11-20T10:00:00Z'),
    };
    let run = 0;
    await fc.assert(
      fc.asyncProperty(scenario, async (generated) => {
        // A customer of its own per run: fast-check replays a value when it shrinks, and a customer erased
        // by an earlier run would not take personal data in the first place.
        const own = `${generated.customer.customerId}r${++run}`;
        const { customer: c, after } = JSON.parse(JSON.stringify(generated).replaceAll(generated.customer.customerId, own)) as typeof generated;
        await deliver(c.events);
        await fileComplaint(c.customerId, c.complaintText);
        const before = await everyTableAsText();
        // The generator's personal data did land: the scan below could fail.
        const latest = c.events.filter((e) => 'profile' in e.detail).at(-1)!.detail.profile as { fullName: string };
        const texts = c.events.flatMap((e) => [e.detail.counterpartyName, e.detail.remittanceInformation]).filter((v): v is string => typeof v === 'string');
        for (const value of [latest.fullName, c.complaintText, ...texts]) expect(before).toContain(value);

        const created = await requests.create({ requestId: randomUUID(), customerId: c.customerId, status: 'PENDING', requestedAt: at(8000) });
        expect(created.created).toBe(true);
        if (!created.created) return;
        await approveErasure(deps, created.request.requestId, 'dpo-1');
        await deliver(after);

        const everything = await everyTableAsText();
        for (const value of c.personal) expect(everything.includes(value), `personal value of ${c.customerId} survived`).toBe(false);

        const items = await tableContents(table, [c.customerId]);
        const transfers = new Set([...c.events, ...c.lateEvents].filter((e) => e.detailType === 'TransactionPosted').map((e) => e.detail.eventId));
        const kept = items.filter((i) => i.type === 'TRANSACTION');
        expect(new Set(kept.map((i) => i.eventId))).toEqual(transfers);
        expect(kept.every((i) => typeof i.amountMinor === 'number')).toBe(true);
        expect(items.find((i) => i.SK === 'PROFILE')).toMatchObject({ erasedAt: '2026-11-20T10:00:00.000Z', retentionYears: 5 });
        expect(permittedContacts(await new SegmentStore(client, table).marketingConsents(c.customerId))).toEqual([]);
      }),
      { numRuns: 25 },
    );
  });
});
