// The simulator's complaint filing: a deterministic handful in English and Chinese, filed over the API
// with locally minted tokens, idempotent across reruns, and routed to the right queues.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiComplaintFiling, planComplaints } from '../../../local/simulator/complaint-filing';
import { simulatedCustomers } from '../../../local/simulator/core-banking-stream';
import { startComplaintApi, type ComplaintApiHarness } from './complaints-api-harness';

let api: ComplaintApiHarness;
beforeAll(async () => {
  api = await startComplaintApi();
});
afterAll(() => api?.stop());

const customers = simulatedCustomers({ customers: 40, days: 30, seed: 'complaints-sim', start: '2026-10-01' });

describe('simulated complaint filing', () => {
  it('plans the same complaints for the same seed, in the language of the customer\'s region', () => {
    const a = planComplaints({ customers, seed: 'complaints-sim' });
    expect(planComplaints({ customers, seed: 'complaints-sim' })).toEqual(a);
    expect(a.length).toBeGreaterThan(2);
    expect(a.length).toBeLessThanOrEqual(12);
    for (const p of a) {
      const region = customers.find((c) => c.customerId === p.customerId)!.region;
      expect(/[\u4e00-\u9fff]/.test(String(p.body.description))).toBe(region === 'CN');
    }
  });

  it('files them through the API, once however often it runs, and they are routed', async () => {
    // The contact centre files for customers the records know (need-to-know: intake), as after the simulator's events.
    for (const c of customers) await api.seedCustomer(c.customerId, { homeBranchId: `BR-${c.region}-001` });
    const filing = apiComplaintFiling({ tokens: { mint: api.token, verify: () => undefined, publicKeyPem: '' } });
    const context = { customers, seed: 'complaints-sim', start: '2026-10-01', days: 30, apiUrl: api.url };
    const first = await filing.fileComplaints(context);
    const again = await filing.fileComplaints(context);
    const planned = planComplaints(context);
    expect(first.filed).toBe(planned.length);
    expect(again.filed).toBe(planned.length);
    // The stored complaints are the outbox: the router announces each one (received, then routed).
    await api.routePending();
    const received = api.bus.delivered.filter((d) => d.detailType === 'ComplaintReceived');
    expect(new Set(received.map((d) => d.detail.complaintId)).size).toBe(planned.length);
    const routed = api.bus.delivered.filter((d) => d.detailType === 'ComplaintRouted');
    expect(new Set(routed.map((d) => d.detail.complaintId)).size).toBe(planned.length);
  });
});
