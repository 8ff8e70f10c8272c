// Everything the complaint API and the router log while handling complaints (at DEBUG, the most they
// say), read back: the description, in English or Chinese, and the contact details a customer gave
// never appear; every complaint-api line carries a correlation id.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startComplaintApi, type ComplaintApiHarness } from './complaints-api-harness';
import { captureOutput } from '../../support/capture-output';

let api: ComplaintApiHarness;
const captured: string[] = [];
let restore = () => {};

const SECRET_EN = 'Zebediah Quimby at 17 Larkspur Crescent lost 4812 pounds';
const SECRET_ZH = '张伟在朝阳区建国路八十八号被盗刷';
const ACCOUNT = 'ACC-98765-SECRET';

beforeAll(async () => {
  api = await startComplaintApi({ env: { POWERTOOLS_LOG_LEVEL: 'DEBUG', POWERTOOLS_DEV: undefined } });
  restore = captureOutput(captured);
  const owner = api.token({ groups: ['customer'], customerId: 'C-LOG', subject: 'sub-log' });
  const handler = api.token({ groups: ['complaint-handler'], subject: 'handler-log' });
  const filed = [];
  for (const description of [SECRET_EN, SECRET_ZH]) {
    filed.push(
      await api.call('/complaints', {
        token: owner,
        headers: { 'X-Correlation-Id': 'corr-complaint-log' },
        body: { description, channel: 'MOBILE', accountId: ACCOUNT, disputedAmount: { minor: 481200, currency: 'GBP' } },
      }),
    );
  }
  await api.routePending();
  const id = filed[0]!.json.complaintId;
  await api.call(`/complaints/${id}`, { token: handler });
  await api.call(`/complaints/${id}/transitions`, { token: handler, body: { to: 'ACKNOWLEDGED', note: SECRET_EN } });
  await api.call(`/complaints/${id}/transitions`, { token: handler, body: { to: 'RESOLVED', note: SECRET_ZH } }); // 422: no resolution
  await api.call('/complaints', { token: owner, body: { description: SECRET_EN.repeat(100), channel: 'MOBILE' } }); // 422: too long
  await api.call('/complaints', { token: owner, body: `{"description": "${SECRET_ZH}"` }); // 400: malformed
});
afterAll(async () => {
  restore();
  await api?.stop();
});

describe('complaint logs', () => {
  it('were written (the test reads real output)', () => {
    expect(captured.join('\n')).toContain('Request handled');
    expect(captured.join('\n')).toContain('Complaint routed');
  });

  it.each([
    ['the English description', SECRET_EN],
    ['a fragment of it', 'Larkspur'],
    ['the Chinese description', SECRET_ZH],
    ['a fragment of it', '建国路'],
    ['the account number', ACCOUNT],
  ])('never hold %s', (_, value) => {
    expect(captured.join('\n')).not.toContain(value);
  });

  it('tie each request line to its correlation id', () => {
    const lines = captured.join('\n').split('\n').filter((l) => l.includes('"Request handled"'));
    expect(lines.length).toBeGreaterThan(4);
    for (const line of lines) expect(line).toMatch(/"correlation_id":"[^"]+"/);
    expect(lines.some((l) => l.includes('corr-complaint-log'))).toBe(true);
  });
});
