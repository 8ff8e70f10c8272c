// One stream batch's complaint events in as few PutEvents as fit, each record still told of its own
// events. The EventBridge client is the only fake (AWS itself): it answers as PutEvents does.
import type { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { describe, expect, it } from 'vitest';
import { ComplaintEventBatch } from '../../../shared/adapters/complaint-event-batch';
import { type ComplaintEvent, EventBridgeComplaintEvents } from '../../../shared/adapters/complaint-event-publisher';
import { exampleComplaintDetails } from '../../../shared/contracts/events/complaint-events';

const received = { detailType: 'ComplaintReceived', detail: exampleComplaintDetails.ComplaintReceived } as ComplaintEvent;
const routed = { detailType: 'ComplaintRouted', detail: exampleComplaintDetails.ComplaintRouted } as ComplaintEvent;

/** PutEvents as EventBridge answers it; `failEntry` names entries (by Detail) it fails. */
function bus(failEntry: (detailType: string, call: number) => boolean = () => false) {
  const calls: string[][] = [];
  const client = {
    send: async (command: PutEventsCommand) => {
      const entries = command.input.Entries!;
      calls.push(entries.map((e) => e.DetailType!));
      const answers = entries.map((e) => (failEntry(e.DetailType!, calls.length) ? { ErrorCode: 'InternalFailure' } : { EventId: 'x' }));
      return { FailedEntryCount: answers.filter((a) => 'ErrorCode' in a).length, Entries: answers };
    },
  } as unknown as EventBridgeClient;
  return { calls, events: new EventBridgeComplaintEvents(client, 'bus') };
}

describe('a stream batch of complaint events', () => {
  it('goes out in calls of up to 10 entries, never splitting a complaint\'s events', async () => {
    const { calls, events } = bus();
    const batch = new ComplaintEventBatch(events);
    const records = Array.from({ length: 7 }, () => batch.join());
    await Promise.all(records.map((r) => r.publish([received, routed, received])));
    expect(calls.map((c) => c.length)).toEqual([9, 9, 3]);
  });

  it('waits for every record of the batch, including one that publishes nothing', async () => {
    const { calls, events } = bus();
    const batch = new ComplaintEventBatch(events);
    const [a, b, c] = [batch.join(), batch.join(), batch.join()];
    const published = Promise.all([a.publish([received, routed]), b.publish([received, routed])]);
    await new Promise((r) => setTimeout(r, 10));
    expect(calls).toEqual([]);
    c.leave();
    await published;
    expect(calls).toEqual([['ComplaintReceived', 'ComplaintRouted', 'ComplaintReceived', 'ComplaintRouted']]);
  });

  it('fails only the records whose entries PutEvents failed', async () => {
    const { events } = bus((type, call) => type === 'ComplaintRouted' && call === 2);
    const batch = new ComplaintEventBatch(events);
    const records = Array.from({ length: 8 }, () => batch.join());
    const outcomes = await Promise.allSettled(records.map((r) => r.publish([received, routed])));
    // Five complaints (10 entries) in the first call, three in the second, whose ComplaintRouted fail.
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'fulfilled', 'fulfilled', 'rejected', 'rejected', 'rejected']);
    expect((outcomes[5] as PromiseRejectedResult).reason.message).toBe('PutEvents failed for a complaint event: InternalFailure');
  });

  it('fails a record whose event the published schema refuses, and sends the others', async () => {
    const { calls, events } = bus();
    const batch = new ComplaintEventBatch(events);
    const [good, bad] = [batch.join(), batch.join()];
    const broken = { detailType: 'ComplaintRouted', detail: { ...exampleComplaintDetails.ComplaintRouted, complaintId: 42 } } as unknown as ComplaintEvent;
    const outcomes = await Promise.allSettled([good.publish([received, routed]), bad.publish([received, broken])]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected']);
    expect(calls).toEqual([['ComplaintReceived', 'ComplaintRouted']]);
  });
});
