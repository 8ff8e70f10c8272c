// GET /admin/parked-entries over HTTP, through the template's route and the real handler, against
// DynamoDB Local: admins see overdue parked entries (no amounts, no names); others are refused; a bad
// query is a 400 naming the field. And the scheduled report counts the same entries.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ParkedEntries } from '../../../shared/accounts/adapters/parked-entries';
import { functionLogicalId, startTestGateway, useFunctionEnvironment } from '../../support/api-harness';
import { lambdaContext } from '../../support/events';
import { createCustomerTable, dynamoDb, useLocalAwsEnvironment } from '../../support/local-aws';
import { synthCrmStack } from '../../infra/support/crm-template';
import { posting } from './accounts-harness';

let api: Awaited<ReturnType<typeof startTestGateway>>;
let report: typeof import('../../../functions/parked-entries-report/handler').handler;
const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000);

beforeAll(async () => {
  useLocalAwsEnvironment();
  const { template } = synthCrmStack('dev');
  const resources = template.toJSON().Resources;
  const tableName = await createCustomerTable();
  const parked = new ParkedEntries(dynamoDb(), tableName);
  await parked.park([posting('A-OLD-1', 1), posting('A-OLD-1', 2)], hoursAgo(30));
  await parked.park([posting('A-OLD-2', 1)], hoursAgo(48));
  await parked.park([posting('A-NEW', 1)], hoursAgo(2));

  const apiId = functionLogicalId(resources, 'parked-entries-api');
  useFunctionEnvironment(resources, apiId, { TABLE_NAME: tableName });
  const { handler } = await import('../../../functions/parked-entries-api/handler');
  useFunctionEnvironment(resources, functionLogicalId(resources, 'parked-entries-report'), { TABLE_NAME: tableName });
  ({ handler: report } = await import('../../../functions/parked-entries-report/handler'));
  api = await startTestGateway({
    resources,
    stage: 'dev',
    handlers: { [apiId]: { name: 'parked-entries-api', handler } },
    routes: (r) => r.resourcePath.startsWith('/admin/parked-entries'),
  });
});
afterAll(() => api?.stop());

describe('GET /admin/parked-entries', () => {
  it("lists entries parked longer than the stage's alarm age (24 h), oldest first, without amounts", async () => {
    const res = await api.call('/admin/parked-entries', { token: api.token({ groups: ['admin'] }) });
    expect(res.status).toBe(200);
    expect(res.json.olderThanHours).toBe(24);
    expect(res.json.total).toBe(3);
    expect(res.json.entries.map((e: { accountId: string; eventId: string }) => `${e.accountId}/${e.eventId}`)).toEqual([
      'A-OLD-2/iso-A-OLD-2-1',
      expect.stringMatching(/^A-OLD-1\//),
      expect.stringMatching(/^A-OLD-1\//),
    ]);
    expect(Object.keys(res.json.entries[0]).sort()).toEqual(['accountId', 'eventId', 'parkedAt', 'producer', 'reference']);
    expect(res.json.entries[0].producer).toBe('iso20022');
    expect(res.text).not.toMatch(/amount|CNY|minor/);
  });

  it('takes another age and a limit', async () => {
    const res = await api.call('/admin/parked-entries?olderThanHours=1&limit=2', { token: api.token({ groups: ['admin'] }) });
    expect(res.status).toBe(200);
    expect(res.json.total).toBe(4);
    expect(res.json.entries).toHaveLength(2);
  });

  it.each(['olderThanHours=-1', 'olderThanHours=soon', 'limit=0', 'limit=501', 'colour=red'])('refuses %s with a 400 naming the field', async (q) => {
    const res = await api.call(`/admin/parked-entries?${q}`, { token: api.token({ groups: ['admin'] }) });
    expect(res.status).toBe(400);
    expect(res.text).toContain(q.split('=')[0]);
  });

  it.each(['analyst', 'relationship-manager', 'complaint-handler', 'customer'] as const)('is for admins only: %s gets 403', async (role) => {
    const res = await api.call('/admin/parked-entries', { token: api.token({ groups: [role], customerId: 'C-1' }) });
    expect(res.status).toBe(403);
  });

  it('needs a token', async () => {
    expect((await api.call('/admin/parked-entries')).status).toBe(401);
  });
});

describe('the scheduled report', () => {
  it('counts the entries overdue at the schedule time', async () => {
    expect(await report({ time: new Date().toISOString() }, lambdaContext('parked-entries-report'))).toMatchObject({ overdue: 3 });
    expect(await report({ time: hoursAgo(-100).toISOString() }, lambdaContext('parked-entries-report'))).toMatchObject({ overdue: 4 });
  });
});
