// CoreBankingPublisher against the local EventBridge endpoint over a real socket: requests within
// PutEvents' quotas, the event's own time, and entries EventBridge fails sent again until they pass,
// or reported by count and error code (never a detail value) once the attempts run out.
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { EventBuses, type Delivery } from '../../../local/eventbridge/event-buses';
import { entrySize as serverEntrySize, type PutEventsRequestEntry, type PutEventsResultEntry } from '../../../local/eventbridge/put-events-entry';
import { startEventBridgeServer, type RunningEventBridge } from '../../../local/eventbridge/server';
import {
  CoreBankingPublisher,
  MAX_REQUEST_BYTES,
  PublishFailedError,
} from '../../../shared/connectors/adapters/core-banking-publisher';
import type { CoreBankingEvent } from '../../../shared/contracts/events';

const BUS = 'crm-core-banking-test';
const SOURCE = 'core.banking.iso20022';

/** The local bus, made to fail chosen entries (by eventId) a number of times, and recording requests. */
class FlakyBuses extends EventBuses {
  readonly requests: PutEventsRequestEntry[][] = [];
  /** eventId → [error code, times left to fail it] (Infinity: always). */
  readonly failing = new Map<string, [string, number]>();

  override async putEvents(entries: PutEventsRequestEntry[]) {
    this.requests.push(entries);
    const passing: PutEventsRequestEntry[] = [];
    const planned: (PutEventsResultEntry | undefined)[] = entries.map((entry) => {
      const eventId = (JSON.parse(entry.Detail ?? '{}') as { eventId?: string }).eventId ?? '';
      const plan = this.failing.get(eventId);
      if (plan && plan[1] > 0) {
        plan[1] -= 1;
        return { ErrorCode: plan[0], ErrorMessage: 'injected by the test' };
      }
      passing.push(entry);
      return undefined;
    });
    const passed = passing.length > 0 ? (await super.putEvents(passing)).Entries : [];
    const results = planned.map((r) => r ?? passed.shift()!);
    return { FailedEntryCount: results.filter((r) => 'ErrorCode' in r).length, Entries: results };
  }
}

let server: RunningEventBridge;
let client: EventBridgeClient;
let buses: FlakyBuses;
const delivered: Delivery[] = [];

beforeAll(async () => {
  buses = new FlakyBuses({ region: 'us-east-1', accountId: '123456789012', deliver: async (d) => void delivered.push(...d) });
  buses.createBus(BUS);
  buses.putRule({ Name: 'all', EventBusName: BUS, EventPattern: JSON.stringify({ source: [{ prefix: 'core.banking' }] }) });
  buses.putTargets('all', BUS, [{ Id: 'capture', Arn: 'arn:aws:sqs:us-east-1:123456789012:capture' }]);
  server = await startEventBridgeServer({ buses });
  client = new EventBridgeClient({
    endpoint: server.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
});

afterAll(async () => {
  client.destroy();
  await server.stop();
});

beforeEach(() => {
  delivered.length = 0;
  buses.requests.length = 0;
  buses.failing.clear();
});

const posting = (n: number, padding = 0): CoreBankingEvent =>
  ({
    detailType: 'TransactionPosted',
    detail: {
      schemaVersion: 1,
      eventId: `evt-${n}`,
      occurredAt: `2026-11-03T12:14:${String(n % 60).padStart(2, '0')}+08:00`,
      customerId: 'C-SECRET-1',
      accountId: 'A-1',
      channel: 'ONLINE',
      kind: 'CARD_PURCHASE',
      direction: 'DEBIT',
      amount: { minor: 1000 + n, currency: 'CNY' },
      // Stands for a large detail (a long remittance text on a timeline entry).
      ...(padding > 0 ? { merchantCategoryCode: undefined, padding: 'x'.repeat(padding) } : {}),
    },
  }) as CoreBankingEvent;

const publisher = (options = {}) => new CoreBankingPublisher(client, BUS, SOURCE, { baseDelayMs: 1, maxDelayMs: 5, ...options });
const deliveredIds = () => delivered.map((d) => (d.event.detail as { eventId: string }).eventId).sort();

describe('CoreBankingPublisher', () => {
  it('sends at most 10 entries per request, with the producer source and the event time', async () => {
    const events = Array.from({ length: 25 }, (_, i) => posting(i));
    const result = await publisher().publish(events);

    expect(result).toEqual({ published: 25, requests: 3, retried: 0 });
    expect(buses.requests.map((r) => r.length).sort()).toEqual([10, 10, 5]);
    expect(deliveredIds()).toEqual(events.map((e) => e.detail.eventId).sort());
    const first = delivered.find((d) => (d.event.detail as { eventId: string }).eventId === 'evt-7')!;
    expect(first.event.source).toBe(SOURCE);
    expect(first.event['detail-type']).toBe('TransactionPosted');
    // 12:14:07 at +08:00, as EventBridge writes time: UTC, whole seconds.
    expect(first.event.time).toBe('2026-11-03T04:14:07Z');
  });

  it('keeps each request within 256 KB as EventBridge counts entry sizes', async () => {
    const events = Array.from({ length: 9 }, (_, i) => posting(i, 60_000));
    const result = await publisher().publish(events);

    expect(result.published).toBe(9);
    for (const request of buses.requests) {
      expect(request.reduce((sum, e) => sum + serverEntrySize(e), 0)).toBeLessThanOrEqual(MAX_REQUEST_BYTES);
    }
    // Four ~60 KB entries fit in 256 KB, five do not: 9 entries need 3 requests.
    expect(buses.requests.map((r) => r.length).sort()).toEqual([1, 4, 4]);
  });

  it('sends failed entries again until they are accepted, each delivered once', async () => {
    buses.failing.set('evt-3', ['InternalFailure', 2]);
    buses.failing.set('evt-12', ['ThrottlingException', 1]);
    const events = Array.from({ length: 15 }, (_, i) => posting(i));
    const result = await publisher().publish(events);

    expect(result.published).toBe(15);
    expect(result.retried).toBe(3);
    expect(deliveredIds()).toEqual(events.map((e) => e.detail.eventId).sort());
    // The retries carried only the failed entries.
    expect(buses.requests.slice(2).flat().map((e) => JSON.parse(e.Detail!).eventId).sort()).toEqual(['evt-12', 'evt-3', 'evt-3']);
  });

  it('after the last attempt, says how many entries failed and with which codes, naming no detail value', async () => {
    buses.failing.set('evt-1', ['ThrottlingException', Infinity]);
    buses.failing.set('evt-2', ['InternalFailure', Infinity]);
    buses.failing.set('evt-4', ['AccessDeniedException', Infinity]);
    const events = Array.from({ length: 6 }, (_, i) => posting(i));

    const error = await publisher({ maxAttempts: 3 }).publish(events).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(PublishFailedError);
    const failed = error as PublishFailedError;
    expect(failed.failed).toBe(3);
    expect(failed.published).toBe(3);
    expect(failed.errorCodes).toEqual({ ThrottlingException: 1, InternalFailure: 1, AccessDeniedException: 1 });
    expect(failed.failedEventIds.sort()).toEqual(['evt-1', 'evt-2', 'evt-4']);
    expect(failed.message).toMatch(/^3 of 6 entries were not published: /);
    expect(failed.message).toContain('AccessDeniedException x1');
    expect(failed.message).not.toMatch(/C-SECRET-1|A-1|CNY|evt-/);
    // A non-retryable code is not sent again; the retryable ones are tried maxAttempts times.
    const attemptsOf = (id: string) => buses.requests.flat().filter((e) => JSON.parse(e.Detail!).eventId === id).length;
    expect([attemptsOf('evt-1'), attemptsOf('evt-2'), attemptsOf('evt-4')]).toEqual([3, 3, 1]);
    expect(deliveredIds()).toEqual(['evt-0', 'evt-3', 'evt-5']);
  });

  it('reports an entry over the request limit without sending it, and sends the rest', async () => {
    const error = await publisher()
      .publish([posting(1), posting(2, MAX_REQUEST_BYTES)])
      .catch((e: unknown) => e);

    expect((error as PublishFailedError).errorCodes).toEqual({ EntryTooLarge: 1 });
    expect(deliveredIds()).toEqual(['evt-1']);
  });

  it('fails at once on a request EventBridge refuses outright (no such bus)', async () => {
    const wrongBus = new CoreBankingPublisher(client, 'no-such-bus', SOURCE, { baseDelayMs: 1 });
    const error = await wrongBus.publish([posting(1)]).catch((e: unknown) => e);
    expect((error as PublishFailedError).errorCodes).toEqual({ ResourceNotFoundException: 1 });
    expect(buses.requests).toHaveLength(1);
  });

  it('publishes nothing and sends no request for no events', async () => {
    expect(await publisher().publish([])).toEqual({ published: 0, requests: 0, retried: 0 });
    expect(buses.requests).toHaveLength(0);
  });
});
