// Reads everything the customer API logs while serving requests (at DEBUG, the most it says) and
// proves that no profile value of the fixtures appears: names, emails, phone numbers, dates of birth,
// account numbers, counterparty names and remittance text. Every line of the function carries the request's correlation id.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OTHER, OWNER, otherEvents, ownerEvents, personalValues, UNKNOWN } from './customer-fixtures';
import { startCustomerApi, type CustomerApiHarness } from './customer-api-harness';
import { captureOutput } from '../../support/capture-output';

let api: CustomerApiHarness;
const captured: string[] = [];
let restore = () => {};

beforeAll(async () => {
  api = await startCustomerApi({
    events: [...ownerEvents(), ...otherEvents()],
    // Plain JSON lines as in Lambda (not dev mode), at the most verbose level.
    env: { POWERTOOLS_LOG_LEVEL: 'DEBUG', POWERTOOLS_DEV: undefined },
  });
  restore = captureOutput(captured);
  const staff = api.token({ groups: ['relationship-manager'], claims: { 'custom:branchId': 'BR-SH-002' } });
  const handler = api.token({ groups: ['complaint-handler'] });
  const owner = api.token({ groups: ['customer'], customerId: OWNER });
  const requests: [string, string | undefined, Record<string, string>?][] = [
    [`/customers/${OWNER}`, staff],
    [`/customers/${OTHER}`, staff],
    [`/customers/${OWNER}/timeline?limit=5`, staff, { 'X-Correlation-Id': 'corr-log-test-1' }],
    // The whole timeline: its oldest transaction carries the counterparty and remittance text.
    [`/customers/${OWNER}/timeline?limit=100`, staff],
    [`/customers/${OWNER}/timeline?channel=ATM&from=${personalValues[OWNER].dateOfBirth}`, staff],
    [`/customers/${OWNER}/timeline?cursor=garbage&limit=500`, staff],
    [`/customers/${UNKNOWN}`, staff],
    [`/customers/${OTHER}`, owner],
    ['/me', owner],
    ['/me', staff],
    // Break-glass: the reason is free text (here naming the customer) kept in the access record, never logged.
    [`/customers/${OWNER}`, handler, { 'X-Break-Glass-Reason': `Fraud call about ${personalValues[OWNER].fullName}` }],
    [`/customers/${OWNER}`, handler, { 'X-Break-Glass-Reason': `short` }],
    ['/openapi.json', undefined],
    [`/customers/${OWNER}`, undefined],
  ];
  for (const [path, token, headers] of requests) {
    await api.call(path, { ...(token ? { token } : {}), ...(headers ? { headers } : {}) });
  }
  await api.call(`/customers/${OWNER}`, { token: staff, method: 'POST', body: JSON.stringify(personalValues[OWNER]) });
  restore();
});
afterAll(() => api?.stop());

describe('customer API logs', () => {
  it('were captured', () => {
    // Fourteen of the fifteen requests reach the function; API Gateway refuses the one without a token.
    expect(captured.join('').split('\n').filter((l) => l.includes('"Request handled"')).length).toBe(14);
  });

  it('hold no name, email, phone number, date of birth or account number', () => {
    const all = captured.join('');
    for (const customer of [OWNER, OTHER] as const) {
      const p = personalValues[customer];
      for (const value of [p.fullName, p.email, p.phone, p.dateOfBirth, ...p.accounts, p.counterparty, p.remittance]) {
        expect(all, value).not.toContain(value);
        expect(all, value).not.toContain(JSON.stringify(value).slice(1, -1));
      }
      // Names split into parts, and phone numbers without their spaces, do not appear either.
      for (const part of [...p.fullName.split(/[\s-]+/), ...p.counterparty.split(/[\s-]+/)]) expect(all).not.toContain(part);
      expect(all).not.toContain(p.phone.replace(/\s/g, ''));
    }
  });

  it('carry the correlation id on every line of the function', () => {
    const lines = captured
      .join('')
      .split('\n')
      .filter((l) => l.startsWith('{') && l.includes('"service":"customer-api"'))
      .map((l) => JSON.parse(l));
    expect(lines.length).toBeGreaterThanOrEqual(14);
    for (const line of lines) expect(line.correlation_id, JSON.stringify(line)).toEqual(expect.any(String));
    expect(lines.map((l) => l.correlation_id)).toContain('corr-log-test-1');
  });
});
