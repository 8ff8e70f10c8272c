// The property: generated bookings split in every way across camt.054 notifications, a camt.052
// intraday report and a camt.053 statement, each message delivered one to three times in any order,
// accounts opened before or after their entries arrive, give the same table as each booking applied once.
//
// Everything between the XML and the table is the real code: the generated documents are read by the
// streaming reader and mapped (camt-bookings), files go through ingestCamtFile (processing record,
// already-processed notifications) and single notifications through ingestCamtMessage, accounts are
// resolved against DynamoDB Local (unknown ones parked), ready events go over HTTP to the local
// EventBridge, and what the ingestion rule matches is applied by ingestRecord — ingest-events' use
// case, which releases parked entries when their AccountOpened is applied.
//
// The reference renders each booking once, in one statement, and applies its events with the same
// record changes straight to a second table: no bus, no parking, no redelivery.
//
// What the generator keeps equal between the messages that report one booking, because the mapping
// assumes it (docs/iso20022.md, "Event ids"): its references and its transaction details. What it
// varies: which messages report it, the message version (within .001.02–.001.06 or within
// .001.07–.001.08 for a run: UETR exists only from .001.07), the form of its booking and value dates in
// each message (Dt, or DtTm local, with the zone's offset, or in UTC), the amount's trailing zeros, a
// pending report before the booking, chunk boundaries, and delivery.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { camtDocument, type CamtBlock, type CamtEntry, type CamtName } from '../../../local/simulator/camt-documents';
import { createLayoutTable } from '../../../local/services/layout-tables';
import { withCustomer } from '../../../shared/accounts/domain/account-scoped-event';
import { CustomerRecordsWriter } from '../../../shared/adapters/customer-records-writer';
import { CAMT_INGESTION_TABLE } from '../../../shared/adapters/table-layouts';
import type { CoreBankingEvent } from '../../../shared/contracts/events';
import { recordChangesFor } from '../../../shared/domain/record-changes';
import { CamtIngestionStore, totalsOf } from '../../../shared/iso20022/adapters/camt-ingestion-store';
import { camtBookings } from '../../../shared/iso20022/domain/camt-bookings';
import { fileIdOf } from '../../../shared/iso20022/use-cases/camt-work';
import { ingestCamtFile, type CamtFileDeps } from '../../../shared/iso20022/use-cases/ingest-camt-file';
import { ingestCamtMessage, type CamtMessageDeps } from '../../../shared/iso20022/use-cases/ingest-camt-message';
import { createCustomerTable, dynamoDb, tableContents, useLocalAwsEnvironment } from '../../support/local-aws';
import { settings } from '../../unit/iso20022/support';
import { EVENT_SOURCE, startHarness, type Harness } from '../accounts/accounts-harness';

useLocalAwsEnvironment();

/** Bounded so the file finishes well inside a minute on a loaded machine; raise it to search longer. */
const RUNS = Number(process.env.CAMT_PROPERTY_RUNS ?? 6);
const BUCKET = 'camt-bucket';
const ERAS = { legacy: [2, 3, 4, 5, 6], current: [7, 8] } as const;
type Era = keyof typeof ERAS;

const CODES = [
  { domain: 'PMNT', family: 'CCRD', subFamily: 'POSD' },
  { domain: 'PMNT', family: 'RCDT', subFamily: 'SALA' },
  { domain: 'PMNT', family: 'ICDT', subFamily: 'DMCT' },
  { domain: 'PMNT', family: 'ICDT', subFamily: 'XBCT' },
  { domain: 'PMNT', family: 'CCRD', subFamily: 'CWDL' },
  { domain: 'ACMT', family: 'MDOP', subFamily: 'CHRG' },
];

/** How a booking identifies itself in every message that reports it. */
const REFERENCES = ['ntry-acctsvcrref', 'ntry-ref', 'tx-acctsvcrref', 'uetr', 'e2e', 'none'] as const;

/**
 * How one message writes a date of the booking: a date, or the booking's time of that day (DtTm)
 * without an offset, with the bank's offset (+08:00), or in UTC (the day before for early hours).
 */
const DATE_FORMS = ['Dt', 'local', 'offset', 'utc'] as const;
type DateForm = (typeof DATE_FORMS)[number];
/** The message that reports a booking, for its date forms: statement, report, notification, reference. */
const SLOTS = { statement: 0, report: 1, notification: 2, reference: 3 } as const;
type Slot = keyof typeof SLOTS;

type Booking = {
  reference: (typeof REFERENCES)[number];
  direction: 'CRDT' | 'DBIT';
  cents: number;
  day: number;
  /** The booking's time of day, where a message writes a date-time. */
  time: string;
  /** Per message (SLOTS), how it writes the booking date and the value date. */
  bookingForms: DateForm[];
  valueForms: DateForm[];
  code: number;
  charges: boolean;
  /** Transactions of a batch entry (0: a single booking), with or without references of their own. */
  batch: { count: number; refs: boolean };
  reversal: boolean;
  counterparty: boolean;
  inStatement: boolean;
  /** Which of the account's camt.054 notifications reports it, if any. */
  notification: number | null;
  /** Reported in the day's camt.052 as booked, as pending only, or not at all. */
  inReport: 'BOOK' | 'PDNG' | null;
};

const booking: fc.Arbitrary<Booking> = fc
  .record({
    reference: fc.constantFrom(...REFERENCES),
    direction: fc.constantFrom('CRDT' as const, 'DBIT' as const),
    // Often a round amount, so that writing it with or without trailing zeros makes a difference.
    cents: fc.oneof(fc.integer({ min: 0, max: 999 }), fc.integer({ min: 0, max: 9 }).map((x) => x * 100), fc.integer({ min: 0, max: 99 }).map((x) => x * 10)),
    day: fc.integer({ min: 28, max: 30 }),
    time: fc.constantFrom('00:00:00', '09:15:30', '23:59:59'),
    bookingForms: fc.array(fc.constantFrom(...DATE_FORMS), { minLength: 4, maxLength: 4 }),
    valueForms: fc.array(fc.constantFrom(...DATE_FORMS), { minLength: 4, maxLength: 4 }),
    code: fc.nat({ max: CODES.length - 1 }),
    charges: fc.boolean(),
    batch: fc.oneof({ weight: 3, arbitrary: fc.constant({ count: 0, refs: false }) }, { weight: 1, arbitrary: fc.record({ count: fc.integer({ min: 2, max: 3 }), refs: fc.boolean() }) }),
    reversal: fc.boolean(),
    counterparty: fc.boolean(),
    inStatement: fc.boolean(),
    notification: fc.option(fc.nat({ max: 2 })),
    inReport: fc.constantFrom('BOOK' as const, 'PDNG' as const, null),
  })
  // Every booking is reported as booked somewhere.
  .map((b) => (b.inStatement || b.notification !== null || b.inReport === 'BOOK' ? b : { ...b, inStatement: true }));

/** A message, how often it is delivered, and whether a repeat is a new object version or message id. */
type Copies = { count: number; fresh: boolean[] };
const copies: fc.Arbitrary<Copies> = fc.record({ count: fc.integer({ min: 1, max: 3 }), fresh: fc.array(fc.boolean(), { minLength: 3, maxLength: 3 }) });

const scenario = fc.record({
  era: fc.constantFrom<Era>('legacy', 'current'),
  accounts: fc.array(
    fc.record({ bookings: fc.array(booking, { minLength: 1, maxLength: 4 }), closing: fc.integer({ min: -50_000, max: 500_000 }), interim: fc.integer({ min: 0, max: 500_000 }), openTwice: fc.boolean() }),
    { minLength: 1, maxLength: 2 },
  ),
  /** Versions drawn per message (indexes into the era's list), and each message's copies. */
  versions: fc.array(fc.nat({ max: 4 }), { minLength: 12, maxLength: 12 }),
  copies: fc.array(copies, { minLength: 12, maxLength: 12 }),
  trimZeros: fc.array(fc.boolean(), { minLength: 12, maxLength: 12 }),
  chunk: fc.integer({ min: 7, max: 400 }),
});
type Scenario = typeof scenario extends fc.Arbitrary<infer T> ? T : never;

const money = (minor: number) => `${Math.floor(minor / 100)}.${String(minor % 100).padStart(2, '0')}`;
/** "10.50" or "10.5", "10.00" or "10": the same amount written as banks write it. */
const written = (minor: number, trim: boolean) => (trim ? money(minor).replace(/\.?0+$/, '') : money(minor));

/** The day (in Shanghai, UTC+8) as the form writes it, at the booking's time where it is a date-time. */
function dateIn(form: DateForm, date: string, time: string): { date: string } | { dateTime: string } {
  if (form === 'Dt') return { date };
  if (form === 'local') return { dateTime: `${date}T${time}` };
  if (form === 'offset') return { dateTime: `${date}T${time}+08:00` };
  return { dateTime: new Date(`${date}T${time}+08:00`).toISOString().replace('.000Z', 'Z') };
}

const hex = (v: number, digits: number) => v.toString(16).toUpperCase().padStart(digits, '0').slice(-digits);

let runs = 0;

/** One generated case, namespaced by run so that all runs share the two tables. */
function build(s: Scenario) {
  const run = ++runs;
  const accounts = s.accounts.map((a, i) => ({ ...a, index: i, number: `R${run}X${i}`, accountId: `ACC-R${run}X${i}`, customerId: `C-R${run}-${i}` }));

  const entry = (a: (typeof accounts)[number], b: Booking, n: number, status: 'BOOK' | 'PDNG', trim: boolean, slot: Slot): CamtEntry => {
    const ref = `${a.number}-B${n}`;
    const minor = (n + 1) * 1_000 + b.cents; // distinct per account: digest-identified bookings stay apart
    const date = `2026-11-${b.day}`;
    // Upper case as some banks write it; the mapping lower-cases it.
    const uetr = `${hex(run, 8)}-${hex(a.index, 4)}-4${hex(n, 3)}-8000-ABCDEF${hex(run, 6)}`;
    const counterparty = b.counterparty ? `Counterparty ${n}` : undefined;
    const single = {
      acctSvcrRef: b.reference === 'tx-acctsvcrref' ? `TX-${ref}` : undefined,
      uetr: b.reference === 'uetr' ? uetr : undefined,
      endToEndId: b.reference === 'uetr' || b.reference === 'e2e' ? `E2E-${ref}` : b.reference === 'none' ? 'NOTPROVIDED' : undefined,
      counterparty,
      remittance: `Invoice ${n}`,
    };
    const parts = b.batch.count;
    const transactions =
      parts > 0
        ? Array.from({ length: parts }, (_, i) => ({
            amount: written(i < parts - 1 ? Math.floor(minor / parts) : minor - Math.floor(minor / parts) * (parts - 1), trim),
            txId: b.batch.refs ? `TX-${ref}-${i}` : undefined,
            counterparty,
          }))
        : [single];
    return {
      amount: written(minor, trim),
      currency: 'CNY',
      direction: b.direction,
      status,
      reversal: b.reversal,
      ...((d) => ('date' in d ? { bookingDate: d.date } : { bookingDateTime: d.dateTime }))(dateIn(b.bookingForms[SLOTS[slot]]!, date, b.time)),
      ...((d) => ('date' in d ? { valueDate: d.date } : { valueDateTime: d.dateTime }))(dateIn(b.valueForms[SLOTS[slot]]!, date, b.time)),
      acctSvcrRef: b.reference === 'ntry-acctsvcrref' ? ref : undefined,
      entryRef: b.reference === 'ntry-ref' ? `NR-${ref}` : undefined,
      code: CODES[b.code],
      charges: b.charges ? [written(150, trim)] : undefined,
      transactions,
    };
  };

  const account = (a: (typeof accounts)[number]) => ({ other: { id: a.number, scheme: 'BBAN' }, currency: 'CNY', type: 'CACC' });
  const versions = ERAS[s.era];
  const versionOf = (i: number) => versions[s.versions[i % 12]! % versions.length]!;
  type Message = { way: 'file' | 'message'; name: CamtName; key: string; xml: string; copies: Copies };
  const messages: Message[] = [];
  const add = (way: Message['way'], name: CamtName, key: string, blocks: (v: number, trim: boolean) => CamtBlock[]) => {
    const i = messages.length;
    const v = versionOf(i);
    messages.push({ way, name, key, xml: camtDocument(name, v, `${key}-${v}`, blocks(v, s.trimZeros[i % 12]!)), copies: s.copies[i % 12]! });
  };

  // The day's statement: every account, its closing balance, the bookings it reports.
  add('file', 'camt.053', `incoming/r${run}-eod.xml`, (_, trim) =>
    accounts.map((a) => ({
      id: `STMT-${a.number}`,
      account: account(a),
      balances: [{ type: 'CLBD', amount: money(Math.abs(a.closing)), currency: 'CNY', direction: a.closing < 0 ? 'DBIT' : 'CRDT', date: '2026-11-30' }],
      entries: a.bookings.flatMap((b, n) => (b.inStatement ? [entry(a, b, n, 'BOOK', trim, 'statement')] : [])),
    })),
  );
  // An intraday report, when any booking is in it: booked or still pending.
  if (accounts.some((a) => a.bookings.some((b) => b.inReport))) {
    add('file', 'camt.052', `incoming/r${run}-intraday.xml`, (_, trim) =>
      accounts.map((a) => ({
        id: `RPT-${a.number}`,
        createdAt: '2026-11-30T12:00:00+08:00',
        account: account(a),
        balances: [{ type: 'ITBD', amount: money(a.interim), currency: 'CNY', direction: 'CRDT', date: '2026-11-30' }],
        entries: a.bookings.flatMap((b, n) => (b.inReport ? [entry(a, b, n, b.inReport, trim, 'report')] : [])),
      })),
    );
  }
  // The payment hub's notifications, one message per account and notification number.
  for (const a of accounts) {
    for (const k of [0, 1, 2]) {
      const reported = a.bookings.flatMap((b, n) => (b.notification === k ? [{ b, n }] : []));
      if (reported.length === 0) continue;
      add('message', 'camt.054', `r${run}-${a.number}-n${k}`, (_, trim) => [{ id: `NTF-${a.number}-${k}`, account: account(a), entries: reported.map(({ b, n }) => entry(a, b, n, 'BOOK', trim, 'notification')) }]);
    }
  }

  // Each booking once, booked, in one statement of the era's last version; the balances as reported.
  const reference = camtDocument('camt.053', versions[versions.length - 1]!, `REF-${run}`, accounts.map((a) => ({ id: `REF-${a.number}`, account: account(a), entries: a.bookings.map((b, n) => entry(a, b, n, 'BOOK', false, 'reference')) })));
  const expectedTransactions = accounts.map((a) => a.bookings.reduce((t, b) => t + Math.max(1, b.batch.count), 0));

  const opened = (a: (typeof accounts)[number]): CoreBankingEvent => ({
    detailType: 'AccountOpened',
    detail: { schemaVersion: 1, eventId: `open-${a.accountId}`, occurredAt: '2026-11-01T09:00:00+08:00', customerId: a.customerId, accountId: a.accountId, version: 1, product: 'CURRENT_ACCOUNT', currency: 'CNY', openedOn: '2026-11-01' },
  });

  type Action = { kind: 'open'; account: (typeof accounts)[number] } | { kind: 'deliver'; message: Message; copy: number };
  const actions: Action[] = [
    ...accounts.flatMap((a) => (a.openTwice ? [{ kind: 'open' as const, account: a }, { kind: 'open' as const, account: a }] : [{ kind: 'open' as const, account: a }])),
    ...messages.flatMap((m) => Array.from({ length: m.copies.count }, (_, copy) => ({ kind: 'deliver' as const, message: m, copy }))),
  ];
  return { run, accounts, messages, reference, expectedTransactions, opened, actions };
}

let h: Harness;
let store: CamtIngestionStore;
let referenceTable: string;
let referenceWriter: CustomerRecordsWriter;
const files = new Map<string, string>();
let chunkSize = 97;

beforeAll(async () => {
  h = await startHarness();
  store = new CamtIngestionStore(dynamoDb(), (await createLayoutTable(dynamoDb(), CAMT_INGESTION_TABLE, 'camt')).tableName);
  referenceTable = await createCustomerTable(h.client);
  referenceWriter = new CustomerRecordsWriter(h.client, referenceTable);
});
afterAll(() => h?.stop());

function* chunksOf(xml: string) {
  const bytes = new TextEncoder().encode(xml);
  for (let i = 0; i < bytes.length; i += chunkSize) yield bytes.subarray(i, i + chunkSize);
}

const sinks = () => ({
  store,
  settings,
  // The connector's resolveAccounts on the real directory; it publishes the ready events over the local bus.
  resolve: (events: Parameters<Harness['connectorSends']>[0]) => h.connectorSends(events),
  publish: async () => undefined,
  now: () => new Date('2026-11-30T20:00:00Z'),
});

const fileDeps = (): CamtFileDeps => ({
  ...sinks(),
  objects: { read: async (_bucket, key, versionId) => chunksOf(files.get(`${key}@${versionId}`)!) },
  continueLater: async () => {
    throw new Error('a generated file never needs a second invocation');
  },
  remainingMs: () => 900_000,
});
const messageDeps = (): CamtMessageDeps => sinks();

async function mappedEvents(xml: string) {
  const events = [];
  for await (const o of camtBookings(chunksOf(xml), settings)) {
    if (o.kind === 'rejected') throw new Error(`reference entry rejected: ${o.reason}`);
    if (o.kind === 'events') events.push(...o.events);
  }
  return events;
}

const byKey = (items: Record<string, unknown>[]) => [...items].sort((x, y) => `${x.PK}|${x.SK}`.localeCompare(`${y.PK}|${y.SK}`));

describe('camt bookings delivered in any split, order and number of copies', () => {
  it(
    'leave the same table as each booking applied once, and nothing parked',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          scenario.chain((s) => {
            const n = build(s).actions.length;
            runs -= 1; // the build above only counted the actions
            return fc.tuple(fc.constant(s), fc.shuffledSubarray([...Array(n).keys()], { minLength: n, maxLength: n }), fc.array(fc.constantFrom('next' as const, 'drain' as const, 'together' as const), { minLength: n, maxLength: n }));
          }),
          async ([s, order, then]) => {
            const c = build(s);
            chunkSize = s.chunk;
            const customerOf = new Map(c.accounts.map((a) => [a.accountId, a.customerId]));

            // The reference: each booking once, its events applied straight to the second table.
            for (const a of c.accounts) await referenceWriter.apply(recordChangesFor(c.opened(a)));
            const balances = [];
            for (const m of c.messages) if (m.name !== 'camt.054') balances.push(...(await mappedEvents(m.xml)).filter((e) => e.detailType === 'BalanceSnapshot'));
            for (const e of [...(await mappedEvents(c.reference)), ...balances]) {
              await referenceWriter.apply(recordChangesFor(withCustomer({ ...e, origin: { producer: 'iso20022', reference: 'ref' } }, customerOf.get(e.detail.accountId)!)));
            }

            // The deliveries, in the generated order, ingestion catching up between some of them.
            const perform = async (action: (typeof c.actions)[number]) => {
              if (action.kind === 'open') return void (await h.publish([c.opened(action.account)], EVENT_SOURCE));
              const { message: m, copy } = action;
              // A repeat is either the same notification (same object version, same SQS message) or a resend.
              const tag = copy === 0 || !m.copies.fresh[copy] ? 'v0' : `v${copy}`;
              if (m.way === 'file') {
                files.set(`${m.key}@${tag}`, m.xml);
                const outcome = await ingestCamtFile(fileDeps(), { kind: 'CAMT_FILE', fileId: fileIdOf(BUCKET, m.key, tag), bucket: BUCKET, key: m.key, versionId: tag, part: 0, resumeAfter: 0 });
                expect(['done', 'already-processed']).toContain(outcome);
                expect(totalsOf((await store.get(fileIdOf(BUCKET, m.key, tag)))!).rejected).toBe(0);
              } else {
                const outcome = await ingestCamtMessage(messageDeps(), m.xml, `${m.key}-${tag}`);
                expect(outcome).toMatchObject({ kind: 'published', rejected: 0 });
              }
            };
            // The deliveries in the generated order: some at once with the next one and with ingestion
            // catching up (as concurrent invocations do), ingestion catching up after some.
            let group: Promise<void>[] = [];
            for (const [step, index] of order.entries()) {
              group.push(perform(c.actions[index]!));
              if (then[step] === 'together') continue;
              if (group.length > 1) group.push(h.drain());
              await Promise.all(group);
              group = [];
              if (then[step] === 'drain') await h.drain();
            }
            await Promise.all(group);
            await h.drain();

            const customers = c.accounts.map((a) => a.customerId);
            const expected = byKey(await tableContents(referenceTable, customers, h.client));
            const actual = byKey(await tableContents(h.tableName, customers, h.client));
            // The reference itself holds each generated transaction once.
            for (const [i, a] of c.accounts.entries()) {
              expect(expected.filter((x) => x.PK === `CUSTOMER#${a.customerId}` && String(x.SK).startsWith('TL#'))).toHaveLength(c.expectedTransactions[i]!);
            }
            expect(actual).toEqual(expected);
            for (const a of c.accounts) expect(await h.parked.forAccount(a.accountId)).toEqual([]);
          },
        ),
        { numRuns: RUNS, endOnFailure: true },
      );
    },
    Math.max(240_000, RUNS * 20_000),
  );
});
