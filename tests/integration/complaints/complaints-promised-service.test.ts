// One model of the promised service: the router enforces the segmentation parameters' service levels,
// the same ones GET /me/service-tier tells the customer. An admin's edit (saved as the admin endpoint
// saves it) changes the priority and deadlines of the next complaint routed, and leaves the complaints
// already routed as they were promised. Real DynamoDB Local: complaints table, customer-records table.
import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { routeStoredComplaint, type RouterDeps } from '../../../functions/complaint-router/route-received';
import { fileComplaint } from '../../../functions/complaint-api/file-complaint';
import { CustomerRecordsBatchFacts } from '../../../shared/adapters/complaint-customer-facts';
import { serviceLevelsFrom } from '../../../shared/adapters/complaint-service-levels';
import { ComplaintStore } from '../../../shared/adapters/complaint-store';
import { SegmentConfigStore } from '../../../shared/adapters/segment-config';
import { customerServiceTier } from '../../../shared/domain/service-entitlements';
import { DEFAULT_SEGMENT_PARAMETERS, type SegmentParameters } from '../../../shared/domain/segment-parameters';
import { customerPk, SEGMENT_SK } from '../../../shared/domain/segment-record-keys';
import { createCustomerTable, dynamoDb } from '../../support/local-aws';
import { createComplaintsTable, RecordingSink, settingsFor } from './complaints-support';

let store: ComplaintStore;
let customerTable: string;
let routerClockMs = Date.parse('2026-11-02T01:00:00.000Z');
let routerConfig: SegmentConfigStore;
let adminConfig: SegmentConfigStore;
const now = () => '2026-11-02T01:00:00.000Z'; // Monday 09:00 in Shanghai

beforeAll(async () => {
  store = new ComplaintStore(dynamoDb(), await createComplaintsTable());
  customerTable = await createCustomerTable();
  // The router's container and the admin API's are different: each has its own cache.
  routerConfig = new SegmentConfigStore(dynamoDb(), customerTable, DEFAULT_SEGMENT_PARAMETERS, () => routerClockMs);
  adminConfig = new SegmentConfigStore(dynamoDb(), customerTable, DEFAULT_SEGMENT_PARAMETERS);
  await dynamoDb().send(new PutItemCommand({ TableName: customerTable, Item: marshall({ PK: customerPk('C-MGC'), SK: SEGMENT_SK, segment: 'MGC' }) }));
});

const routerDeps = (): RouterDeps => ({
  store,
  facts: new CustomerRecordsBatchFacts(dynamoDb(), customerTable),
  events: new RecordingSink(),
  settings: settingsFor('CN'),
  serviceLevels: serviceLevelsFrom(routerConfig),
  calendar: { current: async () => settingsFor('CN').calendar },
  now,
});

async function fileAndRoute(description: string) {
  const filed = await fileComplaint({ store, settings: settingsFor('CN'), calendar: { current: async () => settingsFor('CN').calendar }, now }, {
    customerId: 'C-MGC',
    intake: { description, channel: 'MOBILE', filedBy: { role: 'CUSTOMER', subject: 'sub-mgc' } },
  });
  const outcome = await routeStoredComplaint(routerDeps(), filed.complaintId);
  expect(outcome.status).toBe('routed');
  return (await store.get(filed.complaintId))!.complaint;
}

describe('the promised service is the segmentation parameters', () => {
  it("routes with the default MGC promise: P2, first response in 1 business day, resolution in 10 days", async () => {
    const c = await fileAndRoute('I was charged a fee I did not expect');
    expect(c.priority).toBe('P2');
    expect(c.deadlines?.ACKNOWLEDGEMENT).toMatchObject({ dueAt: '2026-11-03T09:00:00.000Z', governedBy: 'SEGMENT_TARGET' }); // Tue 17:00
    expect(c.deadlines?.RESOLUTION).toMatchObject({ dueAt: '2026-11-12T15:59:59.999Z', governedBy: 'SEGMENT_TARGET' }); // end of 12 Nov
  });

  it("an admin's edit changes the next complaint's priority and deadlines, and what the customer is told, alike", async () => {
    const before = await fileAndRoute('Another unexpected fee');
    const { parameters, parametersVersion } = await adminConfig.current({ fresh: true });
    const edited: SegmentParameters = {
      ...parameters,
      serviceLevels: {
        ...parameters.serviceLevels,
        MGC: {
          ...parameters.serviceLevels.MGC,
          complaintPriority: 'P1',
          firstResponseTarget: { value: 2, unit: 'BUSINESS_HOURS' },
          resolutionTarget: { kind: 'DAYS', days: 3 },
        },
      },
    };
    expect(await adminConfig.saveParameters(edited, parametersVersion, now())).toBe(true);

    // Within the router's one-minute cache the promise in force is still the old one...
    expect((await fileAndRoute('Fee again')).priority).toBe('P2');
    // ...and after it, the edited one.
    routerClockMs += 61_000;
    const after = await fileAndRoute('Yet another fee');
    expect(after.priority).toBe('P1');
    expect(after.deadlines?.ACKNOWLEDGEMENT).toMatchObject({ dueAt: '2026-11-02T03:00:00.000Z', governedBy: 'SEGMENT_TARGET' }); // 09:00 + 2 h
    expect(after.deadlines?.RESOLUTION).toMatchObject({ dueAt: '2026-11-05T15:59:59.999Z', governedBy: 'SEGMENT_TARGET' }); // end of 5 Nov

    // The customer is told exactly what the router now enforces.
    const told = customerServiceTier('MGC', (await routerConfig.current()).parameters.serviceLevels);
    expect(told.entitlements.firstResponseTarget).toEqual({ value: 2, unit: 'BUSINESS_HOURS' });
    expect(told.entitlements.resolutionTarget).toEqual({ kind: 'DAYS', days: 3 });

    // A complaint routed before the edit keeps the promise it was made.
    const kept = (await store.get(before.id))!.complaint;
    expect(kept.priority).toBe('P2');
    expect(kept.deadlines).toEqual(before.deadlines);
  });
});

describe('amounts written in the description', () => {
  it('count for severity when the form gave no disputed amount ("8万元" over the CNY threshold)', async () => {
    const c = await fileAndRoute('这笔交易根本不是我操作的，卡里的8万元被转走了');
    const record = (await store.get(c.id))!;
    expect(c.category).toBe('UNAUTHORISED_TRANSACTION');
    expect(record.routingReasons!.find((r) => r.startsWith('severity'))).toContain('DISPUTED_AMOUNT_ABOVE_THRESHOLD');
    const small = await fileAndRoute('这笔交易根本不是我操作的，卡里的80元被转走了');
    expect((await store.get(small.id))!.routingReasons!.find((r) => r.startsWith('severity'))).not.toContain('DISPUTED_AMOUNT_ABOVE_THRESHOLD');
  });
});
