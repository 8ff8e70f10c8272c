// The access record over HTTP: every read of a customer's personal data through the API leaves exactly
// one entry (who, role, which customer, which route, when, under which grant and reason), answers that
// showed nothing leave none; compliance lists it by customer and by member of staff, page by page; a
// customer sees who at the bank looked, by role and staff reference; and without its entry, no data.
import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccessRecordWriter } from '../../../shared/adapters/access-record-store';
import { CustomerRecordsReader } from '../../../shared/adapters/customer-records-reader';
import { CustomerScopeReader } from '../../../shared/adapters/customer-scope';
import { DEFAULT_SEGMENT_PARAMETERS } from '../../../shared/domain/segment-parameters';
import type { StoredAccessEntry } from '../../../shared/data-protection/access-record';
import { pseudonymiser } from '../../../shared/data-protection/pseudonyms';
import { createRouter } from '../../../shared/http/router';
import { customerApiBindings } from '../../../functions/customer-api/routes';
import { dynamoDb, TEST_PSEUDONYM_KEY } from '../../support/local-aws';
import { proxyEvent, recordingLogger } from '../../unit/api/proxy-event';
import { OTHER, OWNER, otherEvents, ownerEvents, personalValues, UNKNOWN } from './customer-fixtures';
import { startCustomerApi, type CustomerApiHarness } from './customer-api-harness';

let api: CustomerApiHarness;
const REASON = 'Customer called about a suspected fraud on the card, ticket INC-4411';
const staffRefOf = (subject: string) => pseudonymiser(TEST_PSEUDONYM_KEY).staff(subject);

async function recorded(): Promise<StoredAccessEntry[]> {
  const out = await dynamoDb().send(new ScanCommand({ TableName: api.accessRecordTable, ConsistentRead: true }));
  return (out.Items ?? []).map((i) => unmarshall(i) as StoredAccessEntry).sort((a, b) => a.SK.localeCompare(b.SK));
}

type Request = { path: string; token: string; headers?: Record<string, string>; recorded?: { customerId: string; role: string; operationId: string; route: string; grant: string; view: string; reason?: string } };
const requests: Request[] = [];
const answers: { request: Request; status: number; correlationId: string }[] = [];

beforeAll(async () => {
  api = await startCustomerApi({ events: [...ownerEvents(), ...otherEvents()] });
  const manager = api.token({ groups: ['relationship-manager'], subject: 'sub-rm', claims: { 'custom:branchId': 'BR-SH-002' } });
  const analyst = api.token({ groups: ['analyst'], subject: 'sub-analyst' });
  const admin = api.token({ groups: ['admin'], subject: 'sub-admin' });
  const customer = api.token({ groups: ['customer'], customerId: OWNER, subject: 'sub-owner' });
  const roles = { rm: 'relationship-manager', analyst: 'analyst', admin: 'admin' } as const;
  const read = (customerId: string, role: string, operationId: string, route: string, grant: string, view = 'FULL', reason?: string) => ({
    customerId,
    role,
    operationId,
    route,
    grant,
    view,
    ...(reason ? { reason } : {}),
  });
  requests.push(
    { path: `/customers/${OWNER}`, token: manager, recorded: read(OWNER, roles.rm, 'getCustomer', '/customers/{customerId}', 'BRANCH') },
    { path: `/customers/${OWNER}/timeline?limit=3`, token: manager, recorded: read(OWNER, roles.rm, 'getCustomerTimeline', '/customers/{customerId}/timeline', 'BRANCH') },
    { path: `/customers/${OTHER}`, token: analyst, recorded: read(OTHER, roles.analyst, 'getCustomer', '/customers/{customerId}', 'PSEUDONYMISED', 'PSEUDONYMISED') },
    {
      path: `/customers/${OWNER}`,
      token: admin,
      headers: { 'X-Break-Glass-Reason': REASON },
      recorded: read(OWNER, roles.admin, 'getCustomer', '/customers/{customerId}', 'BREAK_GLASS', 'FULL', REASON),
    },
    { path: '/me', token: customer, recorded: read(OWNER, 'customer', 'getMe', '/me', 'OWN') },
    // Nothing shown, nothing recorded: out of scope, unknown under break-glass, refused, invalid.
    { path: `/customers/${OWNER}`, token: admin },
    { path: `/customers/${UNKNOWN}`, token: admin, headers: { 'X-Break-Glass-Reason': REASON } },
    { path: `/customers/${OTHER}`, token: customer },
    { path: `/customers/${OWNER}/timeline?limit=0`, token: manager },
  );
  for (const request of requests) {
    const res = await api.call(request.path, { token: request.token, ...(request.headers ? { headers: request.headers } : {}) });
    answers.push({ request, status: res.status, correlationId: res.headers.get('x-correlation-id')! });
  }
}, 180_000);
afterAll(() => api?.stop());

describe('the access record', () => {
  it('holds one entry for every personal-data read that showed data, and none for any that did not', async () => {
    const entries = await recorded();
    const expected = answers.filter((a) => a.request.recorded);
    expect(answers.filter((a) => a.status === 200).map((a) => a.request.path)).toEqual(expected.map((a) => a.request.path));
    expect(entries).toHaveLength(expected.length);
    const subjects: Record<string, string> = { 'relationship-manager': 'sub-rm', analyst: 'sub-analyst', admin: 'sub-admin', customer: 'sub-owner' };
    for (const { request, correlationId } of expected) {
      const entry = entries.find((e) => e.correlationId === correlationId);
      const r = request.recorded!;
      expect(entry, request.path).toMatchObject({ ...r, subject: subjects[r.role], method: 'GET', operation: 'read' });
      if (!r.reason) expect(entry!.reason).toBeUndefined();
      expect(entry!.staffRef).toBe(r.role === 'customer' ? undefined : staffRefOf(subjects[r.role]!));
      // Kept for the stage's retention period (dev: 90 days), then expired by TTL.
      expect(entry!.expiresAt).toBe(Math.floor(Date.parse(entry!.at) / 1000) + 90 * 86_400);
      expect(Math.abs(Date.parse(entry!.at) - Date.now())).toBeLessThan(300_000);
    }
  });

  it('lets compliance list a customer\'s accesses newest first, page by page, and refuse a forged cursor', async () => {
    const compliance = api.token({ groups: ['compliance'], subject: 'sub-dpo' });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await api.call(`/compliance/customers/${OWNER}/accesses?limit=2${cursor ? `&cursor=${cursor}` : ''}`, { token: compliance });
      expect(res.status, res.text).toBe(200);
      expect(res.json.entries.length).toBeLessThanOrEqual(2);
      seen.push(...res.json.entries.map((e: { correlationId: string }) => e.correlationId));
      cursor = res.json.nextCursor;
    } while (cursor);
    const owners = (await recorded()).filter((e) => e.customerId === OWNER).reverse();
    expect(seen).toEqual(owners.map((e) => e.correlationId));

    const first = await api.call(`/compliance/customers/${OWNER}/accesses?limit=1`, { token: compliance });
    const foreign = await api.call(`/compliance/customers/${OTHER}/accesses?cursor=${first.json.nextCursor}`, { token: compliance });
    expect(foreign.status).toBe(400);
    expect(foreign.json.errors.map((e: { field: string }) => e.field)).toEqual(['query.cursor']);
  });

  it("lets compliance list one member of staff's accesses by staff reference, with the break-glass reason", async () => {
    const compliance = api.token({ groups: ['compliance'] });
    const res = await api.call(`/compliance/staff/${staffRefOf('sub-admin')}/accesses`, { token: compliance });
    expect(res.status, res.text).toBe(200);
    expect(res.json.entries).toEqual([
      expect.objectContaining({ customerId: OWNER, subject: 'sub-admin', role: 'admin', grant: 'BREAK_GLASS', reason: REASON, operationId: 'getCustomer' }),
    ]);
    expect((await api.call('/compliance/staff/not-a-ref/accesses', { token: compliance })).status).toBe(400);
  });

  it('tells a customer who at the bank looked at its data: role and staff reference, not the subject nor the reason', async () => {
    const res = await api.call('/me/accesses', { token: api.token({ groups: ['customer'], customerId: OWNER }) });
    expect(res.status, res.text).toBe(200);
    const entries = res.json.entries as Record<string, unknown>[];
    expect(entries.map((e) => [e.staffRole, e.staffRef, e.breakGlass])).toEqual([
      ['admin', staffRefOf('sub-admin'), true],
      ['relationship-manager', staffRefOf('sub-rm'), false],
      ['relationship-manager', staffRefOf('sub-rm'), false],
    ]);
    expect(entries[0]).toEqual({ at: expect.any(String), staffRole: 'admin', staffRef: staffRefOf('sub-admin'), what: 'Your profile, accounts and balances', operation: 'read', breakGlass: true });
    expect(res.text).not.toMatch(/sub-admin|sub-rm|INC-4411/);
    const other = await api.call('/me/accesses', { token: api.token({ groups: ['customer'], customerId: OTHER }) });
    expect(other.json.entries.map((e: { staffRole: string }) => e.staffRole)).toEqual(['analyst']);
  });

  it('has no route that changes or deletes an entry', async () => {
    const compliance = api.token({ groups: ['compliance'] });
    for (const method of ['PUT', 'PATCH', 'DELETE', 'POST']) {
      for (const path of [`/compliance/customers/${OWNER}/accesses`, `/compliance/staff/${staffRefOf('sub-admin')}/accesses`, '/me/accesses']) {
        const res = await api.call(path, { method, token: compliance, ...(method === 'DELETE' ? {} : { body: {} }) });
        expect(res.status, `${method} ${path}`).toBe(405);
      }
    }
    expect((await recorded()).length).toBe(answers.filter((a) => a.request.recorded).length);
  });
});

describe('when the access record cannot be written', () => {
  it('fails closed: 503, and no personal data leaves', async () => {
    const client = dynamoDb();
    const tableName = process.env.TABLE_NAME!;
    const { logger, lines } = recordingLogger();
    const route = createRouter({
      logger,
      routes: customerApiBindings({ reader: new CustomerRecordsReader(client, tableName), serviceLevels: async () => DEFAULT_SEGMENT_PARAMETERS.serviceLevels }),
      dataProtection: {
        facts: { customer: (id) => new CustomerScopeReader(client, tableName).scopeOf(id) },
        recorder: new AccessRecordWriter(client, 'no-such-access-record', 90),
        pseudonyms: pseudonymiser(TEST_PSEUDONYM_KEY),
      },
    });
    const res = await route(
      proxyEvent({ resource: '/customers/{customerId}', path: `/customers/${OWNER}`, pathParameters: { customerId: OWNER }, claims: { sub: 'sub-rm', 'cognito:groups': 'relationship-manager', 'custom:branchId': 'BR-SH-002' } }),
    );
    expect(res.statusCode).toBe(503);
    expect(res.body).not.toContain(personalValues[OWNER].fullName);
    expect(lines.map((l) => l.message)).toContain('Access record not written: request refused');
  });
});
