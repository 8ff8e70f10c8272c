// Publishes CustomerMarketingConsentChanged on the bus. PutEvents answers 200 with per-entry failures:
// a failed entry is an error here, so the request that changed the consent is answered 503 and retried.
import { PutEventsCommand, type EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { CONSENT_CHANGED_DETAIL_TYPE, DATA_PROTECTION_SOURCE, type CustomerMarketingConsentChanged } from '../contracts/events/consent-changed';

export type ConsentEventsPublisher = { publish: (event: CustomerMarketingConsentChanged) => Promise<void> };

export class EventBridgeConsentEvents implements ConsentEventsPublisher {
  constructor(
    private readonly client: EventBridgeClient,
    private readonly busName: string,
  ) {}

  async publish(event: CustomerMarketingConsentChanged): Promise<void> {
    const out = await this.client.send(
      new PutEventsCommand({
        Entries: [
          {
            EventBusName: this.busName,
            Source: DATA_PROTECTION_SOURCE,
            DetailType: CONSENT_CHANGED_DETAIL_TYPE,
            Detail: JSON.stringify(event),
            Time: new Date(event.occurredAt),
          },
        ],
      }),
    );
    const code = out.Entries?.[0]?.ErrorCode;
    if ((out.FailedEntryCount ?? 0) > 0) throw new Error(`PutEvents refused the consent event: ${code ?? 'unknown error'}`);
  }
}
