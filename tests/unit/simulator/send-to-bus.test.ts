import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { afterEach, describe, expect, it } from 'vitest';
import type { CoreBankingEvent } from '../../../shared/contracts/events';
import { generateCoreBankingStream } from '../../../local/simulator/core-banking-stream';
import { entrySize, MAX_ENTRIES_PER_REQUEST, MAX_REQUEST_BYTES, sendToBus } from '../../../local/simulator/send-to-bus';
import { eventIdOf, type FakeEventBus, type FakeEventBusOptions, startFakeEventBus } from './support/fake-event-bus';

const running: FakeEventBus[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((b) => b.close()));
});

async function fakeBus(options: FakeEventBusOptions = {}) {
  const bus = await startFakeEventBus(options);
  running.push(bus);
  const client = new EventBridgeClient({
    endpoint: bus.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 1,
  });
  return { bus, client };
}

const someEvents = (count: number) => [...generateCoreBankingStream({ customers: 4, days: 10, seed: 'sender' })].slice(0, count);

describe('sendToBus', () => {
  it('sends every event once in PutEvents requests of at most 10 entries, as the SDK protocol says', async () => {
    const { bus, client } = await fakeBus();
    const events = someEvents(95);
    const result = await sendToBus(events, { client, busName: 'crm-bus' });

    expect(result).toMatchObject({ sent: 95, failed: 0, retries: 0 });
    expect(bus.requests.length).toBe(result.requests);
    expect(bus.requests.length).toBeGreaterThanOrEqual(Math.ceil(95 / MAX_ENTRIES_PER_REQUEST));
    for (const request of bus.requests) {
      expect(request.target).toBe('AWSEvents.PutEvents');
      expect(request.contentType).toMatch(/^application\/x-amz-json-1\.1/);
      expect(request.entries.length).toBeGreaterThan(0);
      expect(request.entries.length).toBeLessThanOrEqual(MAX_ENTRIES_PER_REQUEST);
    }
    const byId = new Map(events.map((e) => [e.detail.eventId, e]));
    expect(bus.accepted).toHaveLength(95);
    for (const entry of bus.accepted) {
      const original = byId.get(eventIdOf(entry))!;
      expect(entry).toMatchObject({ EventBusName: 'crm-bus', Source: 'core.banking', DetailType: original.detailType });
      expect(JSON.parse(entry.Detail!)).toEqual(original.detail);
      expect(entry.Time! * 1000).toBe(Date.parse(original.detail.occurredAt));
    }
    expect(new Set(bus.accepted.map(eventIdOf)).size).toBe(95);
  });

  it('resends only the entries that failed with a retryable code, until they are accepted', async () => {
    const { bus, client } = await fakeBus({
      // Every third entry is throttled the first time and hits an internal failure the second time.
      answer: (entry, seen) => {
        const n = Number(eventIdOf(entry).slice(-6));
        if (n % 3 !== 0 || seen > 2) return { accept: true };
        return { accept: false, errorCode: seen === 1 ? 'ThrottlingException' : 'InternalFailure' };
      },
    });
    const events = someEvents(60);
    const flaky = events.filter((e) => Number(e.detail.eventId.slice(-6)) % 3 === 0).length;
    expect(flaky).toBeGreaterThan(5);

    const result = await sendToBus(events, { client, busName: 'crm-bus', baseDelayMs: 1 });

    expect(result).toMatchObject({ sent: 60, failed: 0, retries: 2 * flaky });
    expect(bus.accepted.map(eventIdOf).sort()).toEqual(events.map((e) => e.detail.eventId).sort());
    for (const e of events) {
      expect(bus.seen.get(e.detail.eventId)).toBe(Number(e.detail.eventId.slice(-6)) % 3 === 0 ? 3 : 1);
    }
    for (const request of bus.requests) expect(request.entries.length).toBeLessThanOrEqual(MAX_ENTRIES_PER_REQUEST);
  });

  it('does not resend entries that failed for good, and reports them', async () => {
    const { bus, client } = await fakeBus({
      answer: (entry) =>
        entry.DetailType === 'CustomerOnboarded' ? { accept: false, errorCode: 'MalformedDetail', errorMessage: 'bad json' } : { accept: true },
    });
    const events = someEvents(40);
    const onboarded = events.filter((e) => e.detailType === 'CustomerOnboarded');
    expect(onboarded.length).toBeGreaterThan(0);

    const result = await sendToBus(events, { client, busName: 'crm-bus', baseDelayMs: 1 });

    expect(result).toMatchObject({ sent: 40 - onboarded.length, failed: onboarded.length, retries: 0 });
    for (const e of onboarded) expect(bus.seen.get(e.detail.eventId)).toBe(1);
    expect(result.failures.map((f) => f.eventId).sort()).toEqual(onboarded.map((e) => e.detail.eventId).sort());
    expect(result.failures.every((f) => f.errorCode === 'MalformedDetail' && f.detailType === 'CustomerOnboarded')).toBe(true);
  });

  it('gives an entry up after maxAttempts when it keeps failing', async () => {
    const stuck = someEvents(12)[7]!.detail.eventId;
    const { bus, client } = await fakeBus({
      answer: (entry) => (eventIdOf(entry) === stuck ? { accept: false, errorCode: 'ThrottlingException' } : { accept: true }),
    });
    const result = await sendToBus(someEvents(12), { client, busName: 'crm-bus', maxAttempts: 4, baseDelayMs: 1 });
    expect(result).toMatchObject({ sent: 11, failed: 1, retries: 3 });
    expect(bus.seen.get(stuck)).toBe(4);
    expect(result.failures[0]).toMatchObject({ eventId: stuck, errorCode: 'ThrottlingException' });
  });

  it('keeps at most `concurrency` requests in flight', async () => {
    const { bus, client } = await fakeBus({ delayMs: 15 });
    const progress: number[] = [];
    const result = await sendToBus(someEvents(100), { client, busName: 'crm-bus', concurrency: 3, onProgress: (p) => progress.push(p.sent) });
    expect(result.sent).toBe(100);
    expect(bus.maxInFlight).toBeLessThanOrEqual(3);
    expect(bus.maxInFlight).toBeGreaterThan(1);
    expect(progress.at(-1)).toBe(100);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
  });

  it('keeps each request under 256 KB as EventBridge counts entry sizes', async () => {
    const { bus, client } = await fakeBus();
    // Oversized details (the sender does not validate): about 60 KB each, so at most four per request.
    const big = someEvents(9).map(
      (e) => ({ ...e, detail: { ...e.detail, padding: 'x'.repeat(60_000) } }) as unknown as CoreBankingEvent,
    );
    const result = await sendToBus(big, { client, busName: 'crm-bus' });
    expect(result.sent).toBe(9);
    for (const request of bus.requests) {
      const size = request.entries.reduce((sum, e) => sum + entrySize({ ...e, Time: e.Time ? new Date(e.Time * 1000) : undefined }), 0);
      expect(size).toBeLessThan(MAX_REQUEST_BYTES);
    }
    expect(bus.requests.length).toBeGreaterThanOrEqual(3);
  });

  it('fails with the bus name when the request itself is refused, rather than retrying', async () => {
    const { bus, client } = await fakeBus({
      rejectRequest: () => ({ status: 400, type: 'ResourceNotFoundException', message: 'Event bus nope does not exist.' }),
    });
    await expect(sendToBus(someEvents(30), { client, busName: 'nope' })).rejects.toThrow(/bus 'nope'.*ResourceNotFoundException/);
    expect(bus.requests.length).toBeLessThanOrEqual(4); // the requests already in flight, no more
  });

  it('stops at the first entry refused for a reason every entry shares (a missing bus)', async () => {
    const { bus, client } = await fakeBus({
      delayMs: 5,
      answer: () => ({ accept: false, errorCode: 'ResourceNotFoundException', errorMessage: 'Event bus nope does not exist.' }),
    });
    await expect(sendToBus(someEvents(200), { client, busName: 'nope', concurrency: 2 })).rejects.toThrow(
      /bus 'nope'.*ResourceNotFoundException: Event bus nope does not exist/,
    );
    expect(bus.requests.length).toBeLessThanOrEqual(2);
  });

  it('counts entry size as EventBridge documents it (Time is 14 bytes; strings in UTF-8 bytes)', () => {
    expect(entrySize({ Source: 'core.banking', DetailType: 'X', Detail: '{"n":"王"}' })).toBe(12 + 1 + (8 + 3)); // 王 is 3 bytes in UTF-8
    expect(entrySize({ Source: 'a', DetailType: 'b', Time: new Date(0), Resources: ['rr'] })).toBe(1 + 1 + 14 + 2);
  });
});
