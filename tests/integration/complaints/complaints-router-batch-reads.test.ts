// The router's reads of one stream batch made together (functions/complaint-router/batch-reads.ts):
// one BatchGetItem for the batch's customers' facts and one PartiQL SELECT for their recent complaints,
// against DynamoDB Local, and the same routing as each complaint reading for itself, including several
// complaints of one customer in one batch, which count each other for the repeat rule.
import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { fileComplaint } from '../../../functions/complaint-api/file-complaint';
import { RoutingReads } from '../../../functions/complaint-router/batch-reads';
import { routeStoredComplaint, type RouterDeps } from '../../../functions/complaint-router/route-received';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../../local/services/dynamodb-local';
import { CustomerRecordsBatchFacts } from '../../../shared/adapters/complaint-customer-facts';
import { serviceLevelsFrom } from '../../../shared/adapters/complaint-service-levels';
import { ComplaintStore } from '../../../shared/adapters/complaint-store';
import { SegmentConfigStore } from '../../../shared/adapters/segment-config';
import { DEFAULT_SEGMENT_PARAMETERS } from '../../../shared/domain/segment-parameters';
import { createCustomerTable, useLocalAwsEnvironment } from '../../support/local-aws';
import { createComplaintsTable, RecordingSink, settingsFor } from './complaints-support';

/** A client that counts its requests by operation. */
function countingClient() {
  const client = new DynamoDBClient({ endpoint: inject('dynamoDbEndpoint'), region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
  const requests: Record<string, number> = {};
  client.middlewareStack.add((next, context) => (args) => {
    requests[String(context.commandName)] = (requests[String(context.commandName)] ?? 0) + 1;
    return next(args);
  }, { step: 'initialize' });
  return { client, requests };
}

let customers: string;
beforeAll(async () => {
  useLocalAwsEnvironment();
  customers = await createCustomerTable();
  const { client } = countingClient();
  await client.send(new PutItemCommand({ TableName: customers, Item: marshall({ PK: 'CUSTOMER#C-B1', SK: 'PROFILE', customerId: 'C-B1', vulnerable: true }) }));
  await client.send(new PutItemCommand({ TableName: customers, Item: marshall({ PK: 'CUSTOMER#C-B2', SK: 'SEGMENT', segment: 'MVC', managerId: 'rm-2' }) }));
});

/** Files the same five complaints (three of C-B1, one an hour apart) in a fresh table; routes them. */
async function fileAndRoute(together: boolean) {
  const { client, requests } = countingClient();
  const store = new ComplaintStore(client, await createComplaintsTable(client));
  let clock = '';
  const now = () => clock;
  const calendar = { current: async () => settingsFor('CN').calendar };
  const filings: [string, string, string][] = [
    ['C-B1', '2026-11-02T01:00:00.000Z', 'The branch staff were rude'],
    ['C-B2', '2026-11-02T01:30:00.000Z', 'You charged me an annual fee I was never told about'],
    ['C-B1', '2026-11-02T02:00:00.000Z', 'My transfer has not arrived'],
    ['C-B3', '2026-11-02T02:30:00.000Z', '手机银行一直登录不了'],
    ['C-B1', '2026-11-02T03:00:00.000Z', 'Nobody answered my complaint about the branch'],
  ];
  const ids: string[] = [];
  for (const [customerId, at, description] of filings) {
    clock = at;
    ids.push((await fileComplaint({ store, settings: settingsFor('CN'), calendar, now }, { customerId, intake: { description, channel: 'ONLINE', filedBy: { role: 'CUSTOMER', subject: `sub-${customerId}` } } })).complaintId);
  }
  clock = '2026-11-02T04:00:00.000Z';
  const deps: RouterDeps = {
    store,
    facts: new CustomerRecordsBatchFacts(client, customers),
    events: new RecordingSink(),
    settings: settingsFor('CN'),
    serviceLevels: serviceLevelsFrom(new SegmentConfigStore(client, customers, DEFAULT_SEGMENT_PARAMETERS)),
    calendar,
    now,
  };
  // The items as the stream carries them (the router starts from the image, without a read).
  const images = await Promise.all(ids.map(async (id) => (await store.get(id))!));
  for (const key of Object.keys(requests)) delete requests[key];
  if (together) {
    // As the batch processor does: every record started at once, sharing the invocation's reads.
    const reads = new RoutingReads(deps);
    const outcomes = await Promise.all(ids.map((id, i) => routeStoredComplaint(deps, id, images[i], reads)));
    expect(outcomes.every((o) => o.status === 'routed')).toBe(true);
  } else {
    for (const [i, id] of ids.entries()) expect((await routeStoredComplaint(deps, id, images[i])).status).toBe('routed');
  }
  const routingRequests = { ...requests };
  const routed = await Promise.all(ids.map(async (id) => (await store.get(id))!));
  return {
    requests: routingRequests,
    routings: routed.map((r) => ({ customer: r.complaint.customerId, priority: r.complaint.priority, severity: r.complaint.severity, queue: r.complaint.queue, assignee: r.complaint.assignee, deadlines: r.complaint.deadlines, reasons: r.routingReasons })),
  };
}

describe("the router's batch reads", () => {
  it('read a batch with one BatchGetItem and one PartiQL SELECT, and route it as each complaint alone would', async () => {
    const alone = await fileAndRoute(false);
    const together = await fileAndRoute(true);
    expect(together.routings).toEqual(alone.routings);

    // Five complaints: five transactions, and the reads once (the service levels' GetItem, no Query).
    expect(together.requests).toEqual({ BatchGetItemCommand: 1, ExecuteStatementCommand: 1, GetItemCommand: 1, TransactWriteItemsCommand: 5 });
    expect(alone.requests.BatchGetItemCommand).toBe(5);

    // C-B1's complaints count the earlier ones of the same batch: the first is no repeat, the later ones are.
    const reasons = together.routings.map((r) => r.reasons!.join(' '));
    expect(reasons[0]).not.toMatch(/REPEAT_COMPLAINT/);
    expect(reasons[2]).toMatch(/VULNERABLE_CUSTOMER, REPEAT_COMPLAINT/);
    expect(reasons[4]).toMatch(/VULNERABLE_CUSTOMER, REPEAT_COMPLAINT/);
    expect(reasons[3]).not.toMatch(/REPEAT_COMPLAINT|VULNERABLE/);
  });
});
