// Intake, routing and breach escalation against DynamoDB Local: the real intake service and store, the
// real router handler fed what the complaints table's stream carried (the outbox, filtered as the
// mapping filters it), publishing to a local EventBridge bus, and the real breach-scan handler.
import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ComplaintStore } from '../../../shared/adapters/complaint-store';
import type { ComplaintIntake } from '../../../shared/adapters/complaint-records';
import { fileComplaint, type IntakeDeps } from '../../../functions/complaint-api/file-complaint';
import { HttpProblem } from '../../../shared/http/problems';
import { dynamoDb, createCustomerTable, createQueue, useLocalAwsEnvironment } from '../../support/local-aws';
import { lambdaContext } from '../../support/events';
import { createComplaintsTable, settingsFor, startComplaintBus } from './complaints-support';
import { TableStream } from '../../../local/services/table-stream';
import { ROUTING_OUTBOX_FILTER } from '../../../shared/adapters/complaint-outbox';

let store: ComplaintStore;
let bus: Awaited<ReturnType<typeof startComplaintBus>>;
let customerTable: string;
let routerHandler: typeof import('../../../functions/complaint-router/handler').handler;
let breachHandler: typeof import('../../../functions/complaint-breaches/handler').handler;
let clock = '2026-11-02T01:00:00.000Z'; // Monday 09:00 in Shanghai
let outbox: TableStream;

const intake = (description: string, extra: Partial<ComplaintIntake> = {}): ComplaintIntake => ({
  description,
  channel: 'MOBILE',
  filedBy: { role: 'CUSTOMER', subject: 'sub-c1' },
  ...extra,
});

const deps = (): IntakeDeps => ({ store, settings: settingsFor('CN'), calendar: { current: async () => settingsFor('CN').calendar }, now: () => clock });

/** Hands the router every batch the stream carried since the last call; the batch item failures. */
const routePending = async (): Promise<{ batches: DynamoDBStreamEvent[]; failures: unknown[] }> => {
  const batches = await outbox.pendingBatches();
  const failures: unknown[] = [];
  for (const batch of batches) failures.push(...(await routerHandler(batch, lambdaContext('complaint-router'))).batchItemFailures);
  return { batches, failures };
};

beforeAll(async () => {
  useLocalAwsEnvironment();
  bus = await startComplaintBus();
  process.env.AWS_ENDPOINT_URL_EVENTBRIDGE = bus.url;
  process.env.COMPLAINTS_TABLE_NAME = await createComplaintsTable();
  customerTable = await createCustomerTable();
  process.env.CUSTOMER_RECORDS_TABLE_NAME = customerTable;
  process.env.EVENT_BUS_NAME = bus.busName;
  process.env.REJECTED_EVENTS_QUEUE_URL = await createQueue();
  process.env.COMPLAINT_JURISDICTION = 'CN';
  store = new ComplaintStore(dynamoDb(), process.env.COMPLAINTS_TABLE_NAME);
  outbox = await TableStream.of(dynamoDb(), process.env.COMPLAINTS_TABLE_NAME, inject('dynamoDbEndpoint'), ROUTING_OUTBOX_FILTER);
  ({ handler: routerHandler } = await import('../../../functions/complaint-router/handler'));
  ({ handler: breachHandler } = await import('../../../functions/complaint-breaches/handler'));
  // A vulnerable customer, as ingestion writes the profile (the router reads only the flag).
  await dynamoDb().send(
    new PutItemCommand({ TableName: customerTable, Item: marshall({ PK: 'CUSTOMER#C-VULN', SK: 'PROFILE', customerId: 'C-VULN', vulnerable: true, fullName: 'Wang Fang' }) }),
  );
});
afterAll(() => bus?.stop());

const deliveredOf = (complaintId: string, type: string) => bus.delivered.filter((d) => d.detailType === type && d.detail.complaintId === complaintId);

describe('intake', () => {
  it('stores the complaint RECEIVED with provisional regulatory deadlines, publishes nothing, and the stream carries it to routing', async () => {
    const answer = await fileComplaint(deps(), { customerId: 'C-1', intake: intake('My card was charged twice at the ATM') });
    const record = await store.get(answer.complaintId);
    expect(record?.complaint).toMatchObject({ status: 'RECEIVED', version: 1, customerId: 'C-1' });
    // CN: 15 calendar days from the day after receipt, to the end of the day in Shanghai.
    expect(record?.complaint.deadlines?.RESOLUTION.dueAt).toBe('2026-11-17T15:59:59.999Z');
    expect(await store.history(answer.complaintId)).toMatchObject([{ kind: 'RECEIPT', version: 1, to: 'RECEIVED' }]);
    expect(deliveredOf(answer.complaintId, 'ComplaintReceived')).toHaveLength(0);
    // Of the complaint's two items (complaint, receipt), the mapping passes the complaint only, with its image.
    const batches = await outbox.pendingBatches();
    const records = batches.flatMap((b) => b.Records);
    expect(records.map((r) => r.dynamodb?.Keys?.PK?.S)).toEqual([`COMPLAINT#${answer.complaintId}`]);
    expect(records[0]!.eventName).toBe('INSERT');
    expect(records[0]!.dynamodb?.NewImage?.complaint?.M?.status?.S).toBe('RECEIVED');
    for (const batch of batches) await routerHandler(batch, lambdaContext('complaint-router'));
    expect((await store.get(answer.complaintId))!.complaint.status).toBe('ROUTED');
    // The announcement comes from the router, once the complaint is stored and routed.
    expect(deliveredOf(answer.complaintId, 'ComplaintReceived')).toHaveLength(1);
  });

  it('answers the same for the same Idempotency-Key and request, and stores one complaint', async () => {
    const request = { customerId: 'C-IDEM', intake: intake('手机银行无法登录', { channel: 'ONLINE' }), idempotencyKey: 'key-1' };
    const first = await fileComplaint(deps(), request);
    const second = await fileComplaint(deps(), request);
    expect(second).toEqual({ ...first, replayed: true });
    const stored = await store.byCustomer('C-IDEM', { limit: 10 });
    expect(stored.items.map((r) => r.complaint.id)).toEqual([first.complaintId]);
  });

  it('refuses the same key with another request with a 422 naming the header', async () => {
    await fileComplaint(deps(), { customerId: 'C-IDEM2', intake: intake('fee charged'), idempotencyKey: 'key-2' });
    const error = await fileComplaint(deps(), { customerId: 'C-IDEM2', intake: intake('another fee charged'), idempotencyKey: 'key-2' }).catch((e) => e);
    expect(error).toBeInstanceOf(HttpProblem);
    expect(error.problem).toMatchObject({ status: 422, errors: [{ field: 'header.idempotency-key' }] });
  });

  it('scopes keys to the caller: two callers may use the same key', async () => {
    const a = await fileComplaint(deps(), { customerId: 'C-S1', intake: intake('x fee'), idempotencyKey: 'shared' });
    const b = await fileComplaint(deps(), { customerId: 'C-S2', intake: intake('x fee', { filedBy: { role: 'CUSTOMER', subject: 'sub-c2' } }), idempotencyKey: 'shared' });
    expect(a.complaintId).not.toBe(b.complaintId);
  });

  it('answers a retry with the key from the stored complaint, without a second write', async () => {
    const request = { customerId: 'C-RETRY', intake: intake('transfer not arrived'), idempotencyKey: 'key-3' };
    const first = await fileComplaint(deps(), request);
    await outbox.unread();
    const retried = await fileComplaint(deps(), request);
    expect(retried).toEqual({ ...first, replayed: true });
    expect(await outbox.unread()).toEqual([]);
  });

  it('lets concurrent retries with one key create one complaint', async () => {
    const request = { customerId: 'C-RACE-KEY', intake: intake('app crashes'), idempotencyKey: 'key-4' };
    const answers = await Promise.all(Array.from({ length: 5 }, () => fileComplaint(deps(), request)));
    expect(new Set(answers.map((a) => a.complaintId)).size).toBe(1);
    expect((await store.byCustomer('C-RACE-KEY', { limit: 10 })).items).toHaveLength(1);
  });
});

describe('routing through the router handler (the table stream)', () => {
  beforeAll(async () => {
    await routePending(); // what intake's tests left in the stream
  });
  const route = async (_ids: string[]) => ({ batchItemFailures: (await routePending()).failures });

  it('classifies, assesses, prioritises, queues and sets deadlines, then publishes ComplaintRouted', async () => {
    const fraud = await fileComplaint(deps(), { customerId: 'C-R1', intake: intake('有人盗刷我的信用卡，我要找律师起诉') });
    const fees = await fileComplaint(deps(), { customerId: 'C-R2', intake: intake('You charged me an annual fee I was never told about') });
    const result = await route([fraud.complaintId, fees.complaintId]);
    expect(result.batchItemFailures).toEqual([]);

    const f = (await store.get(fraud.complaintId))!;
    expect(f.complaint).toMatchObject({ status: 'ROUTED', version: 2, category: 'UNAUTHORISED_TRANSACTION', queue: 'DISPUTES', assignee: { kind: 'QUEUE', queue: 'DISPUTES' } });
    // Fraud (3) + a lawyer (3): CRITICAL, which raises STANDARD's P3 to P1 and escalates at once.
    expect(f.complaint).toMatchObject({ severity: 'CRITICAL', priority: 'P1', escalated: true });
    const g = (await store.get(fees.complaintId))!;
    expect(g.complaint).toMatchObject({ category: 'FEES_AND_CHARGES', queue: 'ACCOUNTS', priority: 'P3', severity: 'LOW', escalated: false });
    // STANDARD: acknowledgement within 2 business days (Wednesday 17:00 Shanghai), resolution the regulator's 15 days.
    expect(g.complaint.deadlines?.ACKNOWLEDGEMENT.dueAt).toBe('2026-11-04T09:00:00.000Z');
    expect(g.complaint.deadlines?.RESOLUTION).toMatchObject({ dueAt: '2026-11-17T15:59:59.999Z', governedBy: 'REGULATORY_LIMIT' });

    const routed = deliveredOf(fees.complaintId, 'ComplaintRouted');
    expect(routed).toHaveLength(1);
    expect(routed[0]!.detail).toMatchObject({ queue: 'ACCOUNTS', priority: 'P3', version: 2, acknowledgementDueAt: '2026-11-04T09:00:00.000Z' });
    expect(deliveredOf(fraud.complaintId, 'ComplaintEscalated')).toHaveLength(1);
    expect(JSON.stringify(bus.delivered)).not.toContain('annual fee');
  });

  it('counts repeat complaints and the vulnerable flag from the customer profile', async () => {
    clock = '2026-11-02T02:00:00.000Z';
    const first = await fileComplaint(deps(), { customerId: 'C-VULN', intake: intake('The branch staff were rude') });
    clock = '2026-11-02T03:00:00.000Z';
    const second = await fileComplaint(deps(), { customerId: 'C-VULN', intake: intake('The branch staff were rude again') });
    await route([first.complaintId, second.complaintId]);
    const history = await store.history(second.complaintId);
    const routing = history.find((e) => e.kind === 'TRANSITION' && e.to === 'ROUTED');
    expect(routing).toBeDefined();
    const record = (await store.get(second.complaintId))!;
    expect(record.routingReasons?.join(' ')).toMatch(/VULNERABLE_CUSTOMER/);
    expect(record.routingReasons?.join(' ')).toMatch(/REPEAT_COMPLAINT/);
    // Vulnerable (2) + repeat (1) = 3: HIGH, which raises P3 to P2. The first one alone is vulnerable only: MEDIUM.
    expect(record.complaint).toMatchObject({ severity: 'HIGH', priority: 'P2' });
    expect((await store.get(first.complaintId))!.complaint).toMatchObject({ severity: 'MEDIUM', priority: 'P3' });
  });

  it("assigns an MVC customer's complaint to the named relationship manager, P1, with the segment's shorter deadlines", async () => {
    // The segment assignment as segmentation stores it beside the profile.
    await dynamoDb().send(
      new PutItemCommand({ TableName: customerTable, Item: marshall({ PK: 'CUSTOMER#C-MVC', SK: 'SEGMENT', segment: 'MVC', managerId: 'rm-7', manager: { kind: 'NAMED', managerId: 'rm-7' } }) }),
    );
    clock = '2026-11-02T01:00:00.000Z';
    const c = await fileComplaint(deps(), { customerId: 'C-MVC', intake: intake('My online banking password reset does not work') });
    await route([c.complaintId]);
    const routed = (await store.get(c.complaintId))!.complaint;
    expect(routed).toMatchObject({ queue: 'DIGITAL', assignee: { kind: 'RELATIONSHIP_MANAGER', managerId: 'rm-7' }, handlerId: 'rm-7', priority: 'P1' });
    // 4 business hours from Monday 09:00 Shanghai; 5 days for the resolution (shorter than 15): end of Saturday 7 November.
    expect(routed.deadlines?.ACKNOWLEDGEMENT).toMatchObject({ dueAt: '2026-11-02T05:00:00.000Z', governedBy: 'SEGMENT_TARGET' });
    expect(routed.deadlines?.RESOLUTION).toMatchObject({ dueAt: '2026-11-07T15:59:59.999Z', governedBy: 'SEGMENT_TARGET' });
  });

  it('is idempotent under redelivery: routes once, republishes the same ComplaintRouted', async () => {
    const c = await fileComplaint(deps(), { customerId: 'C-REDELIVER', intake: intake('SWIFT transfer delayed for a week') });
    const { batches } = await routePending();
    expect(batches.flatMap((b) => b.Records)).toHaveLength(1);
    // The mapping hands the same records again (a retry after a later record of the batch failed).
    const again = await routerHandler(batches[0]!, lambdaContext('complaint-router'));
    expect(again.batchItemFailures).toEqual([]);
    // The router's own write (ROUTED) is not passed back to it.
    expect((await outbox.pendingBatches()).flatMap((b) => b.Records)).toEqual([]);
    expect((await store.get(c.complaintId))!.complaint.version).toBe(2);
    const routed = deliveredOf(c.complaintId, 'ComplaintRouted');
    expect(routed.length).toBe(2);
    expect(new Set(routed.map((r) => r.detail.eventId)).size).toBe(1);
  });

  it('rejects a record that is not of a complaint item, or of no stored complaint, and fails nothing', async () => {
    const record = (pk: string, seq: string) => ({ eventID: seq, eventName: 'INSERT' as const, dynamodb: { Keys: { PK: { S: pk }, SK: { S: 'COMPLAINT' } }, SequenceNumber: seq } });
    const result = await routerHandler({ Records: [record('KNOWLEDGE', '1'), record('COMPLAINT#CMP-NOT-STORED', '2')] }, lambdaContext('complaint-router'));
    expect(result.batchItemFailures).toEqual([]);
  });
});

describe('breach escalation (scheduled handler)', () => {
  it('escalates an unacknowledged complaint past its due time once, raising its priority', async () => {
    clock = '2026-11-02T04:00:00.000Z';
    const c = await fileComplaint(deps(), { customerId: 'C-BREACH', intake: intake('ATM swallowed my card') });
    await routePending();
    const routed = (await store.get(c.complaintId))!.complaint;
    expect(routed.priority).toBe('P3');

    await breachHandler({ time: '2026-11-04T08:59:00Z' }, lambdaContext('complaint-breaches'));
    expect((await store.get(c.complaintId))!.complaint.escalated).toBe(false);

    const first = await breachHandler({ time: '2026-11-04T09:30:00Z' }, lambdaContext('complaint-breaches'));
    const escalated = (await store.get(c.complaintId))!.complaint;
    expect(escalated).toMatchObject({ escalated: true, priority: 'P2', escalatedDeadlines: ['ACKNOWLEDGEMENT'] });
    expect(first.escalated).toBeGreaterThanOrEqual(1);
    await breachHandler({ time: '2026-11-04T10:00:00Z' }, lambdaContext('complaint-breaches'));
    expect((await store.get(c.complaintId))!.complaint.version).toBe(escalated.version);
    const events = deliveredOf(c.complaintId, 'ComplaintEscalated');
    expect(events).toHaveLength(1);
    expect(events[0]!.detail).toMatchObject({ deadlines: ['ACKNOWLEDGEMENT'], priority: { from: 'P3', to: 'P2' }, regulatory: false });

    // The resolution deadline is the regulator's: its breach escalates again, once, as regulatory.
    await breachHandler({ time: '2026-11-18T00:00:00Z' }, lambdaContext('complaint-breaches'));
    const late = (await store.get(c.complaintId))!.complaint;
    expect(late).toMatchObject({ priority: 'P1', escalatedDeadlines: ['ACKNOWLEDGEMENT', 'RESOLUTION'] });
    expect(deliveredOf(c.complaintId, 'ComplaintEscalated').at(-1)!.detail).toMatchObject({ deadlines: ['RESOLUTION'], regulatory: true });
  });
});
