// Puts complaint events on the bus. PutEvents answers 200 with per-entry failures: a failed entry is an
// error here, so that the caller (an SQS batch item, an API request) is retried rather than the event lost.
import { type EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { COMPLAINTS_SOURCE, type ComplaintDetailType, complaintEvents } from '../contracts/events/complaint-events';

export type ComplaintEvent = { [K in ComplaintDetailType]: { detailType: K; detail: (typeof complaintEvents)[K]['_zod']['output'] } }[ComplaintDetailType];

export interface ComplaintEventSink {
  publish(events: readonly ComplaintEvent[]): Promise<void>;
  /**
   * Several callers' events in as few calls as the sink allows; what became of each group, in order (an
   * error for a group any of whose events was not put). Without it, each group is one `publish`.
   */
  publishGroups?(groups: readonly (readonly ComplaintEvent[])[]): Promise<(Error | undefined)[]>;
}

const PUT_EVENTS_MAX_ENTRIES = 10;

export class EventBridgeComplaintEvents implements ComplaintEventSink {
  constructor(
    private readonly client: EventBridgeClient,
    private readonly busName: string,
  ) {}

  async publish(events: readonly ComplaintEvent[]): Promise<void> {
    const [error] = await this.publishGroups([events]);
    if (error) throw error;
  }

  /**
   * Groups packed whole into PutEvents calls of up to 10 entries (a group over 10 is split on its own),
   * the calls side by side. A group fails if its events do not validate, if any of its entries failed,
   * or if a call carrying them failed.
   */
  async publishGroups(groups: readonly (readonly ComplaintEvent[])[]): Promise<(Error | undefined)[]> {
    const outcome: (Error | undefined)[] = groups.map(() => undefined);
    const calls: { group: number; event: ComplaintEvent }[][] = [];
    let open: { group: number; event: ComplaintEvent }[] = [];
    groups.forEach((events, group) => {
      try {
        // Validated on the way out: a consumer must never receive what the published schema refuses.
        for (const e of events) complaintEvents[e.detailType].parse(e.detail);
      } catch (error) {
        outcome[group] = error as Error;
        return;
      }
      if (open.length + events.length > PUT_EVENTS_MAX_ENTRIES && open.length) calls.push((open = []));
      if (!calls.includes(open)) calls.push(open);
      for (const event of events) {
        if (open.length === PUT_EVENTS_MAX_ENTRIES) calls.push((open = []));
        open.push({ group, event });
      }
    });
    const fail = (group: number, error: Error) => void (outcome[group] ??= error);
    await Promise.all(
      calls.filter((c) => c.length).map(async (entries) => {
        try {
          const out = await this.client.send(
            new PutEventsCommand({
              Entries: entries.map(({ event: e }) => ({
                EventBusName: this.busName,
                Source: COMPLAINTS_SOURCE,
                DetailType: e.detailType,
                Detail: JSON.stringify(e.detail),
                Time: new Date(e.detail.occurredAt),
              })),
            }),
          );
          if (!out.FailedEntryCount) return;
          entries.forEach(({ group }, i) => {
            const code = out.Entries?.[i]?.ErrorCode;
            if (code) fail(group, new Error(`PutEvents failed for a complaint event: ${code}`));
          });
        } catch (error) {
          for (const { group } of entries) fail(group, error as Error);
        }
      }),
    );
    return outcome;
  }
}
