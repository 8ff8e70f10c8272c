// Puts complaint events on the bus. PutEvents answers 200 with per-entry failures: a failed entry is an
// error here, so that the caller (an SQS batch item, an API request) is retried rather than the event lost.
import { type EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { COMPLAINTS_SOURCE, type ComplaintDetailType, complaintEvents } from '../contracts/events/complaint-events';

export type ComplaintEvent = { [K in ComplaintDetailType]: { detailType: K; detail: (typeof complaintEvents)[K]['_zod']['output'] } }[ComplaintDetailType];

export interface ComplaintEventSink {
  publish(events: readonly ComplaintEvent[]): Promise<void>;
}

export class EventBridgeComplaintEvents implements ComplaintEventSink {
  constructor(
    private readonly client: EventBridgeClient,
    private readonly busName: string,
  ) {}

  async publish(events: readonly ComplaintEvent[]): Promise<void> {
    for (let i = 0; i < events.length; i += 10) {
      const batch = events.slice(i, i + 10);
      // Validated on the way out: a consumer must never receive what the published schema refuses.
      for (const e of batch) complaintEvents[e.detailType].parse(e.detail);
      const out = await this.client.send(
        new PutEventsCommand({
          Entries: batch.map((e) => ({
            EventBusName: this.busName,
            Source: COMPLAINTS_SOURCE,
            DetailType: e.detailType,
            Detail: JSON.stringify(e.detail),
            Time: new Date(e.detail.occurredAt),
          })),
        }),
      );
      if (out.FailedEntryCount) {
        const codes = (out.Entries ?? []).map((e) => e.ErrorCode).filter(Boolean);
        throw new Error(`PutEvents failed for ${out.FailedEntryCount} complaint event(s): ${codes.join(', ')}`);
      }
    }
  }
}
