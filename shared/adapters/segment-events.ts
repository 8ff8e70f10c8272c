// Publishes CustomerSegmentChanged on the bus. PutEvents takes 10 entries a call and can fail some
// entries while accepting others: a failed entry is an error here, so the caller retries the customer
// (its publishedVersion stays behind, and the retry publishes again with the same eventId).
import { PutEventsCommand, type EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { SEGMENT_CHANGED_DETAIL_TYPE, SEGMENTATION_SOURCE, type CustomerSegmentChanged } from '../contracts/events/segment-changed';

export type SegmentEventsPublisher = { publish: (events: CustomerSegmentChanged[]) => Promise<void> };

export class EventBridgeSegmentEvents implements SegmentEventsPublisher {
  constructor(
    private readonly client: EventBridgeClient,
    private readonly busName: string,
    readonly requests: { count: number } = { count: 0 },
  ) {}

  async publish(events: CustomerSegmentChanged[]): Promise<void> {
    for (let i = 0; i < events.length; i += 10) {
      const chunk = events.slice(i, i + 10);
      this.requests.count += 1;
      const out = await this.client.send(
        new PutEventsCommand({
          Entries: chunk.map((detail) => ({
            EventBusName: this.busName,
            Source: SEGMENTATION_SOURCE,
            DetailType: SEGMENT_CHANGED_DETAIL_TYPE,
            Detail: JSON.stringify(detail),
            Time: new Date(detail.occurredAt),
          })),
        }),
      );
      if ((out.FailedEntryCount ?? 0) > 0) {
        const failed = (out.Entries ?? []).flatMap((e, j) => (e.ErrorCode ? [`${chunk[j]!.eventId}: ${e.ErrorCode}`] : []));
        throw new Error(`PutEvents refused ${out.FailedEntryCount} segment event(s): ${failed.join(', ')}`);
      }
    }
  }
}
