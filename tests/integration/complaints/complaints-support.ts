// Fixtures for the complaint tests: a complaints table keyed as infra declares it (from the same layout),
// a sink that keeps the events published, settings for a jurisdiction, and SQS batches of ComplaintReceived.
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { COMPLAINTS_TABLE } from '../../../shared/adapters/table-layouts';
import { createLayoutTable } from '../../../local/services/layout-tables';
import type { ComplaintEvent, ComplaintEventSink } from '../../../shared/adapters/complaint-event-publisher';
import { complaintSettingsFrom } from '../../../shared/adapters/complaint-settings';
import { COMPLAINTS_SOURCE } from '../../../shared/contracts/events/complaint-events';
import { dynamoDb } from '../../support/local-aws';
import { envelope, sqsBatch, sqsRecord } from '../../support/events';

export async function createComplaintsTable(client: DynamoDBClient = dynamoDb()): Promise<string> {
  return (await createLayoutTable(client, COMPLAINTS_TABLE, 'complaints')).tableName;
}

/** Keeps what was published, in order; `failNext` makes the next publish fail as PutEvents can. */
export class RecordingSink implements ComplaintEventSink {
  readonly events: ComplaintEvent[] = [];
  failures = 0;
  async publish(events: readonly ComplaintEvent[]) {
    if (this.failures > 0) {
      this.failures--;
      throw new Error('PutEvents failed');
    }
    this.events.push(...events);
  }
  of<K extends ComplaintEvent['detailType']>(type: K) {
    return this.events.filter((e): e is Extract<ComplaintEvent, { detailType: K }> => e.detailType === type);
  }
}

export const settingsFor = (jurisdiction: 'CN' | 'UK' | 'US' = 'CN') => complaintSettingsFrom({ COMPLAINT_JURISDICTION: jurisdiction });

/** ComplaintReceived events as the rule target puts them on the router's queue. */
export const receivedBatch = (events: readonly ComplaintEvent[]) =>
  sqsBatch(events.filter((e) => e.detailType === 'ComplaintReceived').map((e) => sqsRecord(envelope(e.detailType, e.detail, COMPLAINTS_SOURCE))));

/**
 * A local EventBridge endpoint with one bus and one rule for every complaint event: what the publisher
 * puts reaches `delivered`, as the rule's SQS target would receive it.
 */
export async function startComplaintBus(busName = 'crm-test-bus') {
  const { EventBuses } = await import('../../../local/eventbridge/event-buses');
  const { startEventBridgeServer } = await import('../../../local/eventbridge/server');
  const delivered: { detailType: string; detail: any; body: string }[] = [];
  const buses = new EventBuses({
    region: 'us-east-1',
    accountId: '123456789012',
    deliver: async (deliveries) => {
      for (const d of deliveries) delivered.push({ detailType: d.event['detail-type'], detail: d.event.detail, body: d.input });
    },
  });
  buses.createBus(busName);
  buses.putRule({ Name: 'complaints', EventBusName: busName, EventPattern: JSON.stringify({ source: [COMPLAINTS_SOURCE] }) });
  buses.putTargets('complaints', busName, [{ Id: 'capture', Arn: 'arn:aws:sqs:us-east-1:123456789012:capture' }]);
  const server = await startEventBridgeServer({ buses });
  return { url: server.url, busName, delivered, stop: server.stop };
}

/** The delivered ComplaintReceived events as the router's queue hands them to the function. */
export const batchOfDelivered = (bodies: readonly string[]) => sqsBatch(bodies.map((b) => sqsRecord(b)));
