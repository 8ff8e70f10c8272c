// The data-protection routes as they run deployed, on a real socket: the DataProtection construct
// synthesized beside the customer API and complaints, served by the local API Gateway with local tokens,
// the real data-protection-api, customer-api and ingest-events handlers in-process, DynamoDB Local behind,
// the local EventBridge on a socket for the consent announcements.
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { EventBus } from 'aws-cdk-lib/aws-events';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Complaints } from '../../../infra/constructs/complaints';
import { CustomerApi } from '../../../infra/constructs/customer-api';
import { CustomerRecordsTable } from '../../../infra/constructs/customer-records-table';
import { DataProtection } from '../../../infra/constructs/data-protection';
import { stageConfig } from '../../../infra/stage-config';
import { ComplaintStore } from '../../../shared/adapters/complaint-store';
import { SegmentStore } from '../../../shared/adapters/segment-store';
import { exampleDetails } from '../../../shared/contracts/events/examples';
import { receiveComplaint } from '../../../shared/domain/complaints/complaint';
import { segmentChangedEvent } from '../../../shared/segmentation/stored-assignment';
import { CustomerSegmentChanged } from '../../../shared/contracts/events/segment-changed';
import { functionLogicalId, startTestGateway, useFunctionEnvironment, type CfnResources } from '../../support/api-harness';
import { envelope, lambdaContext, sqsBatch, sqsRecord } from '../../support/events';
import { createCustomerTable, createQueue, dynamoDb, tableContents, useAccessRecord, useLocalAwsEnvironment } from '../../support/local-aws';
import { createComplaintsTable } from '../complaints/complaints-support';
import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { ERASURE_APPROVAL, ERASURE_REVIEW } from '../../../shared/contracts/api/data-protection-routes';
import type { StoredAccessEntry } from '../../../shared/data-protection/access-record';
import { pseudonymiser } from '../../../shared/data-protection/pseudonyms';
import { TEST_PSEUDONYM_KEY } from '../../support/local-aws';
import { startCaptureBus } from '../../support/capture-bus';
import { CONSENT_CHANGED_DETAIL_TYPE, CustomerMarketingConsentChanged, DATA_PROTECTION_SOURCE } from '../../../shared/contracts/events/consent-changed';

let gateway: Awaited<ReturnType<typeof startTestGateway>>;
let ingest: typeof import('../../../functions/ingest-events/handler').handler;
let table: string;
let complaintsTable: string;
let accessRecordTable: string;
let bus: Awaited<ReturnType<typeof startCaptureBus>>;

beforeAll(async () => {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new Stack(app, 'DataProtectionTest', { analyticsReporting: false });
  const config = stageConfig('dev');
  const customerRecords = new CustomerRecordsTable(stack, 'CustomerRecords', config).table;
  const api = new CustomerApi(stack, 'CustomerApi', { config, table: customerRecords });
  const eventBus = new EventBus(stack, 'Bus');
  const complaints = new Complaints(stack, 'Complaints', { config, bus: eventBus, customerRecords, api });
  new DataProtection(stack, 'DataProtection', { config, bus: eventBus, customerRecords, complaints: complaints.table, customerApi: api });
  const resources = Template.fromStack(stack).toJSON().Resources as CfnResources;
  const dataProtectionId = functionLogicalId(resources, 'data-protection-api');
  const customerApiId = functionLogicalId(resources, 'customer-api');

  useLocalAwsEnvironment();
  table = await createCustomerTable();
  complaintsTable = await createComplaintsTable();
  process.env.REJECTED_EVENTS_QUEUE_URL = await createQueue();
  // The customer API records personal-data reads (need-to-know): its access record and retention.
  accessRecordTable = await useAccessRecord();
  useFunctionEnvironment(resources, customerApiId, { TABLE_NAME: table });
  bus = await startCaptureBus([DATA_PROTECTION_SOURCE]);
  process.env.AWS_ENDPOINT_URL_EVENTBRIDGE = bus.url;
  useFunctionEnvironment(resources, dataProtectionId, { TABLE_NAME: table, COMPLAINTS_TABLE_NAME: complaintsTable, EVENT_BUS_NAME: bus.busName });
  const { handler } = await import('../../../functions/data-protection-api/handler');
  const { handler: customerApi } = await import('../../../functions/customer-api/handler');
  ingest = (await import('../../../functions/ingest-events/handler')).handler;
  gateway = await startTestGateway({
    resources,
    stage: 'dev',
    routes: (r) => r.functionLogicalId === dataProtectionId || r.functionLogicalId === customerApiId,
    handlers: { [dataProtectionId]: { name: 'data-protection-api', handler }, [customerApiId]: { name: 'customer-api', handler: customerApi } },
  });
}, 120_000);

afterAll(async () => {
  await gateway?.stop();
  await bus?.stop();
});

const send = async (events: { detailType: string; detail: Record<string, unknown> }[]) => {
  const result = await ingest(sqsBatch(events.map((e) => sqsRecord(envelope(e.detailType, e.detail)))), lambdaContext('ingest-events'));
  expect(result.batchItemFailures).toEqual([]);
};

/** A customer onboarded with a transfer naming its counterparty, a consent from branch and a complaint. */
async function onboarded() {
  const customerId = `D-${randomUUID().slice(0, 10)}`;
  const name = `Wen${randomUUID().slice(0, 6)}`;
  const base = (eventId: string, occurredAt: string) => ({ schemaVersion: 1, customerId, eventId: `${customerId}-${eventId}`, occurredAt });
  const events = [
    { detailType: 'CustomerOnboarded', detail: { ...exampleDetails.CustomerOnboarded, ...base('p1', '2026-11-01T08:00:00Z'), profile: { ...(exampleDetails.CustomerOnboarded.profile as object), fullName: name, version: 1 } } },
    { detailType: 'TransactionPosted', detail: { ...exampleDetails.TransactionPosted, ...base('t1', '2026-11-02T08:00:00Z'), counterpartyName: `Landlord ${name}`, remittanceInformation: `Rent for ${name}` } },
    { detailType: 'MarketingConsentChanged', detail: { ...base('c1', '2026-11-03T08:00:00Z'), purpose: 'PRODUCT_OFFERS', channel: 'EMAIL', state: 'GRANTED' } },
  ];
  await send(events);
  const complaint = receiveComplaint({ id: randomUUID(), customerId, receivedAt: '2026-11-04T08:00:00Z' });
  await new ComplaintStore(dynamoDb(), complaintsTable).create(
    { complaint, intake: { description: `I am ${name} and my card was blocked`, channel: 'MOBILE', contactPreference: { method: 'EMAIL' }, filedBy: { role: 'CUSTOMER', subject: 's' } } },
    { complaintId: complaint.id, version: 1, kind: 'RECEIPT', to: 'RECEIVED', actor: { role: 'CUSTOMER', id: 's' }, at: complaint.receivedAt },
  );
  return { customerId, name, events, token: gateway.token({ groups: ['customer'], customerId }) };
}

const compliance = () => gateway.token({ groups: ['compliance'], subject: 'dpo-7' });

describe('consent', () => {
  it('shows every purpose × channel, the branch grant among them, and lets the customer withdraw it', async () => {
    const c = await onboarded();
    const before = await gateway.call('/me/consents', { token: c.token });
    expect(before.status).toBe(200);
    expect(before.json.consents).toHaveLength(20);
    expect(before.json.consents.find((x: any) => x.purpose === 'PRODUCT_OFFERS' && x.channel === 'EMAIL')).toMatchObject({ state: 'GRANTED', source: 'CORE_BANKING' });
    expect(before.json.consents.filter((x: any) => x.state === 'NOT_GIVEN')).toHaveLength(19);

    const withdrawn = await gateway.call('/me/consents/PRODUCT_OFFERS/EMAIL', { token: c.token, method: 'PUT', body: { state: 'WITHDRAWN' } });
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.json).toMatchObject({ state: 'WITHDRAWN', source: 'CUSTOMER_API' });
    // The branch's older grant, redelivered, does not win over the customer's later withdrawal.
    await send([c.events[2]!]);
    expect((await gateway.call('/me/consents', { token: c.token })).json.consents.find((x: any) => x.purpose === 'PRODUCT_OFFERS' && x.channel === 'EMAIL').state).toBe('WITHDRAWN');
  });

  it('puts the consent in force on outbound segment-change events, and nothing without it', async () => {
    const c = await onboarded();
    const store = new SegmentStore(dynamoDb(), table);
    const assignment = { customerId: c.customerId, segmentVersion: 1, assignedAt: '2026-11-05T00:00:00.000Z', previousSegment: null, segment: 'MVC', cause: 'RECALIBRATION', trailing12Minor: 1, currency: 'CNY', mvcThreshold: { thresholdMinor: 1 }, reasons: [], manager: { kind: 'TEAM_QUEUE' } } as any;
    const granted = segmentChangedEvent(assignment, await store.marketingConsents(c.customerId));
    expect(CustomerSegmentChanged.safeParse(granted).success).toBe(true);
    expect(granted.marketing.permitted).toEqual([{ purpose: 'PRODUCT_OFFERS', channel: 'EMAIL' }]);
    await gateway.call('/me/consents/PRODUCT_OFFERS/EMAIL', { token: c.token, method: 'PUT', body: { state: 'WITHDRAWN' } });
    expect(segmentChangedEvent(assignment, await store.marketingConsents(c.customerId)).marketing.permitted).toEqual([]);
  });

  const announced = (customerId: string) => bus.delivered.filter((e) => e.detail.customerId === customerId);

  it('announces each change on the bus with the decision in force and every permitted pair', async () => {
    const c = await onboarded();
    await gateway.call('/me/consents/SURVEYS/SMS', { token: c.token, method: 'PUT', body: { state: 'GRANTED' } });
    await gateway.call('/me/consents/PRODUCT_OFFERS/EMAIL', { token: c.token, method: 'PUT', body: { state: 'WITHDRAWN' } });
    const events = announced(c.customerId);
    expect(events.map((e) => [e.source, e.detailType])).toEqual([
      [DATA_PROTECTION_SOURCE, CONSENT_CHANGED_DETAIL_TYPE],
      [DATA_PROTECTION_SOURCE, CONSENT_CHANGED_DETAIL_TYPE],
    ]);
    for (const e of events) expect(CustomerMarketingConsentChanged.safeParse(e.detail).success).toBe(true);
    // The branch's grant was in force beside the new one, then only the new one.
    expect(events[0]!.detail).toMatchObject({ purpose: 'SURVEYS', channel: 'SMS', state: 'GRANTED' });
    expect(events[0]!.detail.marketing.permitted).toEqual([{ purpose: 'PRODUCT_OFFERS', channel: 'EMAIL' }, { purpose: 'SURVEYS', channel: 'SMS' }]);
    expect(events[1]!.detail).toMatchObject({ purpose: 'PRODUCT_OFFERS', channel: 'EMAIL', state: 'WITHDRAWN' });
    expect(events[1]!.detail.marketing.permitted).toEqual([{ purpose: 'SURVEYS', channel: 'SMS' }]);
    expect(events[1]!.detail.eventId).toMatch(new RegExp(`^${c.customerId}#PRODUCT_OFFERS#EMAIL#`));
  });

  it('announces the decision that won: after an erasure, a grant through the app is announced as WITHDRAWN', async () => {
    const c = await onboarded();
    const requested = await gateway.call('/me/erasure-requests', { token: c.token, method: 'POST' });
    expect((await gateway.call(`/admin/erasure-requests/${requested.json.requestId}/approve`, { token: compliance(), method: 'POST' })).status).toBe(200);
    const put = await gateway.call('/me/consents/PRODUCT_OFFERS/SMS', { token: c.token, method: 'PUT', body: { state: 'GRANTED' } });
    expect(put.json).toMatchObject({ state: 'WITHDRAWN', source: 'ERASURE' });
    const [event] = announced(c.customerId);
    expect(event!.detail).toMatchObject({ purpose: 'PRODUCT_OFFERS', channel: 'SMS', state: 'WITHDRAWN', marketing: { permitted: [] } });
  });

  it('answers 503 with Retry-After while the bus is unreachable, keeps the decision, and announces it on the retry', async () => {
    const c = await onboarded();
    await bus.stop();
    try {
      const refused = await gateway.call('/me/consents/PRODUCT_OFFERS/EMAIL', { token: c.token, method: 'PUT', body: { state: 'WITHDRAWN' } });
      expect(refused.status).toBe(503);
      expect(refused.headers.get('retry-after')).toBe('1');
    } finally {
      await bus.restart();
    }
    expect(announced(c.customerId)).toEqual([]);
    // Stored all the same: segment events published meanwhile already carry the withdrawal.
    expect((await gateway.call('/me/consents', { token: c.token })).json.consents.find((x: any) => x.purpose === 'PRODUCT_OFFERS' && x.channel === 'EMAIL').state).toBe('WITHDRAWN');
    const retried = await gateway.call('/me/consents/PRODUCT_OFFERS/EMAIL', { token: c.token, method: 'PUT', body: { state: 'WITHDRAWN' } });
    expect(retried.status).toBe(200);
    expect(announced(c.customerId).map((e) => e.detail.state)).toEqual(['WITHDRAWN']);
  });

  it('refuses an unknown purpose or state with 400/422 naming the field, and staff roles', async () => {
    const c = await onboarded();
    const badPurpose = await gateway.call('/me/consents/SPAM/EMAIL', { token: c.token, method: 'PUT', body: { state: 'GRANTED' } });
    expect(badPurpose.status).toBe(400);
    expect(badPurpose.text).toContain('purpose');
    const badState = await gateway.call('/me/consents/PRODUCT_OFFERS/EMAIL', { token: c.token, method: 'PUT', body: { state: 'MAYBE' } });
    expect([400, 422]).toContain(badState.status);
    expect(badState.text).toContain('state');
    expect((await gateway.call('/me/consents', { token: gateway.token({ groups: ['relationship-manager'] }) })).status).toBe(403);
  });
});

describe('erasure and export', () => {
  it('exports everything in one document, erases on compliance approval, and keeps the financial facts', async () => {
    const c = await onboarded();
    const exported = await gateway.call('/me/export', { token: c.token });
    expect(exported.status).toBe(200);
    expect(exported.headers.get('content-disposition')).toContain('attachment');
    expect(exported.json).toMatchObject({ format: 'crm-customer-export/1', customerId: c.customerId, profile: { fullName: c.name } });
    expect(exported.json.timeline[0]).toMatchObject({ counterpartyName: `Landlord ${c.name}` });
    expect(exported.json.complaints[0].description).toContain(c.name);
    expect(exported.json.profile).not.toHaveProperty('PK');

    const requested = await gateway.call('/me/erasure-requests', { token: c.token, method: 'POST' });
    expect(requested.status).toBe(201);
    expect(requested.json).toMatchObject({ customerId: c.customerId, status: 'PENDING', erasedAt: null });
    const again = await gateway.call('/me/erasure-requests', { token: c.token, method: 'POST' });
    expect(again.status).toBe(200);
    expect(again.json.requestId).toBe(requested.json.requestId);

    const pending = await gateway.call('/admin/erasure-requests', { token: compliance() });
    expect(pending.json.requests.map((r: any) => r.requestId)).toContain(requested.json.requestId);

    const path = `/admin/erasure-requests/${requested.json.requestId}/approve`;
    expect((await gateway.call(path, { token: c.token, method: 'POST' })).status).toBe(403);
    expect((await gateway.call(path, { token: gateway.token({ groups: ['admin'] }), method: 'POST' })).status).toBe(403);
    const approved = await gateway.call(path, { token: compliance(), method: 'POST' });
    expect(approved.status).toBe(200);
    expect(approved.json).toMatchObject({ status: 'ERASED', retention: { years: 5, regulation: expect.stringContaining('Anti-Money Laundering') } });
    expect((await gateway.call(path, { token: compliance(), method: 'POST' })).json).toEqual(approved.json);

    // Redelivery after the erasure: nothing personal comes back, the transfer stays.
    await send(c.events);
    const items = await tableContents(table, [c.customerId]);
    expect(JSON.stringify(items)).not.toContain(c.name);
    expect(items.find((i) => i.type === 'TRANSACTION')).toMatchObject({ amountMinor: 1250000, personalDataErased: true, expiresAt: expect.any(Number) });
    const complaint = (await new ComplaintStore(dynamoDb(), complaintsTable).allOfCustomer(c.customerId))[0]!;
    expect(complaint.intake.description).toBe('[erased]');
    expect(complaint.intake.contactPreference).toBeUndefined();

    // The customer's views: 360 gone, export holds no personal data, the request is shown with its retention.
    const staff = gateway.token({ groups: ['relationship-manager'] });
    expect((await gateway.call(`/customers/${c.customerId}`, { token: staff })).status).toBe(404);
    const after = await gateway.call('/me/export', { token: c.token });
    expect(after.text).not.toContain(c.name);
    expect(after.json.erasureRequest).toMatchObject({ status: 'ERASED' });
    expect(after.json.consents.every((x: any) => x.state !== 'GRANTED')).toBe(true);
  });

  it('answers 404 for an unknown request and 400 naming path.requestId for a malformed one', async () => {
    expect((await gateway.call(`/admin/erasure-requests/${randomUUID()}/approve`, { token: compliance(), method: 'POST' })).status).toBe(404);
    const bad = await gateway.call('/admin/erasure-requests/not-a-uuid/approve', { token: compliance(), method: 'POST' });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('requestId');
  });
});

describe("compliance's access to erasure requests, in the access record", () => {
  const entriesOf = async (customerId: string) => {
    const out = await dynamoDb().send(new ScanCommand({ TableName: accessRecordTable, ConsistentRead: true }));
    return (out.Items ?? [])
      .map((i) => unmarshall(i) as StoredAccessEntry)
      .filter((e) => e.customerId === customerId && e.role === 'compliance')
      .sort((a, b) => a.SK.localeCompare(b.SK));
  };
  const who = { subject: 'dpo-7', role: 'compliance', staffRef: pseudonymiser(TEST_PSEUDONYM_KEY).staff('dpo-7'), grant: 'COMPLIANCE', view: 'FULL' };

  it('records each customer a listing shows, and the approval before it is carried out, with the purpose as reason', async () => {
    const c = await onboarded();
    const requested = await gateway.call('/me/erasure-requests', { token: c.token, method: 'POST' });
    expect(requested.status).toBe(201);
    expect(await entriesOf(c.customerId)).toEqual([]);

    const listed = await gateway.call('/admin/erasure-requests?status=PENDING', { token: compliance() });
    expect(listed.status).toBe(200);
    expect(listed.json.requests.map((r: any) => r.customerId)).toContain(c.customerId);
    expect(await entriesOf(c.customerId)).toEqual([
      expect.objectContaining({
        ...who,
        customerId: c.customerId,
        operationId: 'listErasureRequests',
        method: 'GET',
        route: '/admin/erasure-requests',
        operation: 'read',
        reason: ERASURE_REVIEW,
        correlationId: listed.headers.get('x-correlation-id'),
      }),
    ]);
    // One entry per customer shown: every listed customer has its own.
    for (const other of listed.json.requests.map((r: any) => r.customerId)) {
      expect((await entriesOf(other)).some((e) => e.correlationId === listed.headers.get('x-correlation-id')), other).toBe(true);
    }

    const approved = await gateway.call(`/admin/erasure-requests/${requested.json.requestId}/approve`, { token: compliance(), method: 'POST' });
    expect(approved.status).toBe(200);
    expect((await entriesOf(c.customerId)).at(-1)).toEqual(
      expect.objectContaining({
        ...who,
        customerId: c.customerId,
        operationId: 'approveErasureRequest',
        method: 'POST',
        route: '/admin/erasure-requests/{requestId}/approve',
        operation: 'change',
        reason: ERASURE_APPROVAL,
        correlationId: approved.headers.get('x-correlation-id'),
      }),
    );
  });

  it('records nothing for an unknown request, a refused role or a refused listing', async () => {
    const c = await onboarded();
    const requested = await gateway.call('/me/erasure-requests', { token: c.token, method: 'POST' });
    const before = (await dynamoDb().send(new ScanCommand({ TableName: accessRecordTable, Select: 'COUNT', ConsistentRead: true }))).Count;
    expect((await gateway.call(`/admin/erasure-requests/${randomUUID()}/approve`, { token: compliance(), method: 'POST' })).status).toBe(404);
    expect((await gateway.call(`/admin/erasure-requests/${requested.json.requestId}/approve`, { token: gateway.token({ groups: ['admin'] }), method: 'POST' })).status).toBe(403);
    expect((await gateway.call('/admin/erasure-requests?status=BOGUS', { token: compliance() })).status).toBe(400);
    const after = (await dynamoDb().send(new ScanCommand({ TableName: accessRecordTable, Select: 'COUNT', ConsistentRead: true }))).Count;
    expect(after).toBe(before);
  });
});
