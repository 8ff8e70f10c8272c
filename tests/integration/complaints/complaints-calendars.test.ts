// Calendars an admin extends without a deploy: PUT /admin/complaint-calendars/{jurisdiction}/{year} over
// a real socket (local API Gateway, the real complaint-insights handler) stores the year in the
// complaints table; the router's calendar in force reads it (one-minute cache) and a deadline that was
// conservative and flagged past the known calendar becomes exact.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routeStoredComplaint, type RouterDeps } from '../../../functions/complaint-router/route-received';
import { fileComplaint } from '../../../functions/complaint-api/file-complaint';
import { CalendarInForce, ComplaintCalendarStore } from '../../../shared/adapters/complaint-calendars';
import { CustomerRecordsBatchFacts } from '../../../shared/adapters/complaint-customer-facts';
import { serviceLevelsFrom } from '../../../shared/adapters/complaint-service-levels';
import { ComplaintStore } from '../../../shared/adapters/complaint-store';
import { SegmentConfigStore } from '../../../shared/adapters/segment-config';
import { DEFAULT_SEGMENT_PARAMETERS } from '../../../shared/domain/segment-parameters';
import { dynamoDb } from '../../support/local-aws';
import { startComplaintApi, type ComplaintApiHarness } from './complaints-api-harness';
import { RecordingSink, settingsFor } from './complaints-support';

let api: ComplaintApiHarness;
let admin: string;
let analyst: string;
let clockMs = Date.parse('2026-12-24T02:00:00.000Z');

beforeAll(async () => {
  api = await startComplaintApi();
  admin = api.token({ groups: ['admin'], subject: 'admin-1' });
  analyst = api.token({ groups: ['analyst'], subject: 'analyst-1' });
});
afterAll(() => api?.stop());

// A possible 2027 year (the notice was not published when this was written): the test needs only that
// 8 January 2027 is a day off, which makes the true deadline later than the conservative one.
const YEAR_2027 = {
  holidays: ['2027-01-01', '2027-01-08', '2027-02-05', '2027-02-08', '2027-02-09', '2027-02-10', '2027-02-11'],
  makeUpWorkingDays: ['2027-01-30'],
  source: 'test fixture, not the State Council notice',
};

describe('the calendar admin endpoints', () => {
  it('show the shipped years and where they end; only an admin sees or changes them', async () => {
    const res = await api.call('/admin/complaint-calendars/CN', { token: admin });
    expect(res.status).toBe(200);
    expect(res.json.knownThrough).toBe('2026-12-31');
    expect(res.json.years.map((y: { year: number; origin: string }) => `${y.year} ${y.origin}`)).toEqual(['2025 OFFICIAL', '2026 OFFICIAL']);
    expect((await api.call('/admin/complaint-calendars/CN', { token: analyst })).status).toBe(403);
    expect((await api.call('/admin/complaint-calendars/CN/2027', { token: analyst, method: 'PUT', body: YEAR_2027 })).status).toBe(403);
  });

  it('refuse a date of another year, or a make-up day on a weekday, naming the field', async () => {
    const res = await api.call('/admin/complaint-calendars/CN/2027', { token: admin, method: 'PUT', body: { ...YEAR_2027, makeUpWorkingDays: ['2027-02-01', '2026-12-27'] } });
    expect(res.status).toBe(422);
    expect(res.json.errors.map((e: { field: string }) => e.field).sort()).toEqual(['body.makeUpWorkingDays.0', 'body.makeUpWorkingDays.1']);
  });

  it("extend the calendar the router counts on, without a deploy: a flagged deadline becomes exact and later", async () => {
    const store = new ComplaintStore(dynamoDb(), process.env.COMPLAINTS_TABLE_NAME!);
    const calendar = new CalendarInForce(new ComplaintCalendarStore(dynamoDb(), process.env.COMPLAINTS_TABLE_NAME!), 'CN', {}, () => clockMs);
    const now = () => new Date(clockMs).toISOString();
    const deps: RouterDeps = {
      store,
      facts: new CustomerRecordsBatchFacts(dynamoDb(), process.env.CUSTOMER_RECORDS_TABLE_NAME!),
      events: new RecordingSink(),
      settings: settingsFor('CN'),
      serviceLevels: serviceLevelsFrom(new SegmentConfigStore(dynamoDb(), process.env.CUSTOMER_RECORDS_TABLE_NAME!, DEFAULT_SEGMENT_PARAMETERS)),
      calendar,
      now,
    };
    const fileAndRoute = async () => {
      // Intake reads the same calendar in force as the router (its own container's cache, as deployed).
      const filed = await fileComplaint({ store, settings: settingsFor('CN'), calendar, now }, {
        customerId: 'C-CAL',
        intake: { description: 'The branch queue took two hours', channel: 'BRANCH', filedBy: { role: 'STAFF', subject: 'staff-1' } },
      });
      const provisional = (await store.get(filed.complaintId))!.complaint.deadlines!;
      const outcome = await routeStoredComplaint(deps, filed.complaintId);
      return { outcome, provisional, complaint: (await store.get(filed.complaintId))!.complaint };
    };

    // Thursday 24 December 2026, 10:00 Beijing: the regulator's 15 days end on Friday 8 January 2027, unknown.
    const before = await fileAndRoute();
    expect(before.outcome).toMatchObject({ status: 'routed', beyondKnownCalendar: true });
    expect(before.complaint.deadlines?.RESOLUTION).toMatchObject({ dueAt: '2027-01-08T15:59:59.999Z', beyondKnownCalendar: true });
    expect(before.provisional.RESOLUTION).toMatchObject({ dueAt: '2027-01-08T15:59:59.999Z', beyondKnownCalendar: true });

    const put = await api.call('/admin/complaint-calendars/CN/2027', { token: admin, method: 'PUT', body: YEAR_2027 });
    expect(put.status).toBe(201);
    expect((await api.call('/admin/complaint-calendars/CN/2027', { token: admin, method: 'PUT', body: YEAR_2027 })).status).toBe(200);
    expect((await api.call('/admin/complaint-calendars/CN', { token: admin })).json.knownThrough).toBe('2027-12-31');

    clockMs += 61_000; // past the router's one-minute cache
    const after = await fileAndRoute();
    expect(after.outcome).toMatchObject({ status: 'routed', beyondKnownCalendar: false });
    // 8 January is now known to be a day off: the last day moves to Monday 11 January, exact and unflagged.
    expect(after.complaint.deadlines?.RESOLUTION.dueAt).toBe('2027-01-11T15:59:59.999Z');
    expect(after.complaint.deadlines?.RESOLUTION.beyondKnownCalendar).toBeUndefined();
    // Intake's provisional deadline (the regulator's limit alone) is counted on the admin's year too.
    expect(after.provisional.RESOLUTION.dueAt).toBe('2027-01-11T15:59:59.999Z');
    expect(after.provisional.RESOLUTION.beyondKnownCalendar).toBeUndefined();
    // The conservative deadline was the earlier one; the complaint routed before keeps it.
    expect(Date.parse(before.complaint.deadlines!.RESOLUTION.dueAt)).toBeLessThan(Date.parse(after.complaint.deadlines!.RESOLUTION.dueAt));
    expect((await store.get(before.complaint.id))!.complaint.deadlines?.RESOLUTION.beyondKnownCalendar).toBe(true);
  });
});
