// POST /admin/segmentation-recalibrations over HTTP: an admin starts the run the schedule starts, polls it
// at its Location, and once the real worker has drained the work queue finds it DONE, with the threshold
// and the analytics it stored, and the customers who moved re-segmented.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SegmentStore } from '../../../shared/adapters/segment-store';
import { mvcThreshold, percentile } from '../../../shared/domain/segmentation';
import { DEFAULT_SEGMENT_PARAMETERS } from '../../../shared/domain/segment-parameters';
import { lambdaContext } from '../../support/events';
import { drainWorkQueue, dynamoDb, startPutEventsRecorder, storeFirstAssignment } from './segmentation-support';
import { startSegmentationApi } from './segmentation-api-harness';

const rules = DEFAULT_SEGMENT_PARAMETERS.segmentation;
const CUSTOMERS = 120;
const trailingOf = (i: number) => (i % 6 === 0 ? -20_000 : 50_000 * (i + 1));
let api: Awaited<ReturnType<typeof startSegmentationApi>>;
let recorder: Awaited<ReturnType<typeof startPutEventsRecorder>>;
let admin: string;
const positives = Array.from({ length: CUSTOMERS }, (_, i) => trailingOf(i)).filter((v) => v > 0);
const expectedThreshold = mvcThreshold(rules.mvc, percentile(positives, rules.mvc.percentile)!);

beforeAll(async () => {
  api = await startSegmentationApi();
  recorder = await startPutEventsRecorder();
  Object.assign(process.env, { EVENT_BUS_NAME: 'crm-test', AWS_ENDPOINT_URL_EVENTBRIDGE: recorder.url });
  admin = api.token({ groups: ['admin'] });
  // Everyone assessed before any recalibration: MVC from the floor up.
  const store = new SegmentStore(dynamoDb(), api.tableName);
  for (let i = 0; i < CUSTOMERS; i++) {
    await storeFirstAssignment(store, { customerId: `C-${String(i).padStart(4, '0')}`, branchId: `BR-${i % 3}`, trailing12Minor: trailingOf(i) });
  }
});
afterAll(async () => {
  await api?.stop();
  await recorder?.stop();
});

describe('recalibration on demand', () => {
  it('starts a run, reports its progress at its Location, and ends with the new threshold and analytics', async () => {
    const started = await api.call('/admin/segmentation-recalibrations', { method: 'POST', token: admin });
    expect(started.status, started.text).toBe(202);
    expect(started.json).toMatchObject({ status: 'SCANNING', scannedSegments: 0, result: null });
    const location = started.headers.get('location')!;
    expect(location).toBe(`/admin/segmentation-recalibrations/${started.json.runId}`);
    expect((await api.call(location, { token: admin })).json.status).toBe('SCANNING');

    const { handler: worker } = await import('../../../functions/segmentation-recalibration-worker/handler');
    await drainWorkQueue(process.env.WORK_QUEUE_URL!, worker, () => lambdaContext('segmentation-recalibration-worker'));

    const done = await api.call(location, { token: admin });
    expect(done.json).toMatchObject({
      status: 'DONE',
      scannedSegments: done.json.scanSegments,
      result: { positiveContributors: positives.length, thresholdMinor: expectedThreshold.thresholdMinor },
    });
    const parameters = await api.call('/admin/segmentation-parameters', { token: admin });
    expect(parameters.json.calibratedAt).toBe(done.json.result.at);
    const analytics = await api.call('/analytics/segments', { token: api.token({ groups: ['analyst'] }) });
    expect(analytics.json.asOf).toBe(done.json.result.at);
    expect(analytics.json.overall.reduce((n: number, s: { customers: number }) => n + s.customers, 0)).toBe(CUSTOMERS);

    // Those below the new threshold left MVC, and each change was published once.
    // Across every branch is beyond an admin's need-to-know: break-glass.
    const mvc = (await api.call('/segments/MVC/customers?limit=100', { token: admin, headers: { 'X-Break-Glass-Reason': 'Checking who the recalibration moved' } })).json.customers;
    expect(mvc.map((c: { trailing12Minor: number }) => c.trailing12Minor).every((v: number) => v >= expectedThreshold.thresholdMinor)).toBe(true);
    const movedDown = positives.filter((v) => v >= rules.mvc.floorMinor && v < expectedThreshold.thresholdMinor).length;
    expect(movedDown).toBeGreaterThan(0);
    expect(recorder.entries.filter((e) => e.DetailType === 'CustomerSegmentChanged')).toHaveLength(movedDown);
  });

  it('answers 404 for a run that never was, and 400 for an id that is not an instant', async () => {
    expect((await api.call('/admin/segmentation-recalibrations/2020-01-01T00:00:00.000Z', { token: admin })).status).toBe(404);
    const bad = await api.call('/admin/segmentation-recalibrations/yesterday', { token: admin });
    expect(bad.status).toBe(400);
    expect(bad.json.errors.map((e: { field: string }) => e.field)).toEqual(['path.runId']);
  });

  it('is for admins only', async () => {
    for (const groups of [['analyst'], ['relationship-manager']] as const) {
      expect((await api.call('/admin/segmentation-recalibrations', { method: 'POST', token: api.token({ groups: [...groups] }) })).status).toBe(403);
    }
  });
});
