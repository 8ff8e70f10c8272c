// Fixtures for the complaint tests: a complaints table keyed as infra declares it (from the same layout),
// a sink that keeps the events published, settings for a jurisdiction, and SQS batches of ComplaintReceived.
import { startCaptureBus } from '../../support/capture-bus';
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

/** A local EventBridge endpoint that captures every complaint event the publisher puts (`delivered`). */
export const startComplaintBus = (busName = 'crm-test-bus') => startCaptureBus([COMPLAINTS_SOURCE], busName);

/** The delivered ComplaintReceived events as the router's queue hands them to the function. */
export const batchOfDelivered = (bodies: readonly string[]) => sqsBatch(bodies.map((b) => sqsRecord(b)));
