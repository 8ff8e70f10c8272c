// Puts contract events on the core-banking bus for a connector (ISO 20022, Fineract): PutEvents in
// requests of at most 10 entries and 256 KB, each entry timed by the event's occurredAt, and the
// entries EventBridge failed (FailedEntryCount, per-entry ErrorCode) sent again with backoff for a
// bounded number of attempts. What still fails is thrown as one error naming how many entries failed
// and with which codes: never a detail value, since details carry personal data.
//
// Publishing an event twice is harmless (ingestion writes are insert-once by eventId or newer-wins),
// so a caller that gets the error may retry the whole input, e.g. by failing its SQS message.
import { PutEventsCommand, type EventBridgeClient, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import type { CoreBankingEvent } from '../../contracts/events';

/** EventBridge's PutEvents quotas: entries per request, and bytes per request as it counts them. */
export const MAX_ENTRIES_PER_REQUEST = 10;
export const MAX_REQUEST_BYTES = 256 * 1024;

/**
 * Entry error codes that may pass on a later attempt. EventBridge documents InternalFailure and
 * ThrottlingException as transient; every other code (MalformedDetail, InvalidArgument,
 * AccessDeniedException, ...) will fail again, so it is not retried.
 */
const RETRYABLE_ENTRY_ERRORS = new Set(['InternalFailure', 'ThrottlingException']);

export type PublishResult = {
  /** Entries EventBridge accepted. */
  published: number;
  /** PutEvents requests sent, retries included. */
  requests: number;
  /** Entries sent again after a failed attempt (an entry retried twice counts twice). */
  retried: number;
};

export type PublisherOptions = {
  /** Attempts per entry, the first included. */
  maxAttempts?: number;
  /** First backoff; doubled per attempt with full jitter, capped at maxDelayMs. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** PutEvents requests in flight at once. */
  concurrency?: number;
};

/** Some entries were not accepted after every attempt. Carries eventIds and codes, never details. */
export class PublishFailedError extends Error {
  override readonly name = 'PublishFailedError';
  constructor(
    readonly failed: number,
    /** Failed entries per error code. */
    readonly errorCodes: Record<string, number>,
    /** The eventIds that failed, so a caller can report or retry exactly those. */
    readonly failedEventIds: string[],
    readonly published: number,
  ) {
    const codes = Object.entries(errorCodes)
      .map(([code, n]) => `${code} x${n}`)
      .join(', ');
    super(`${failed} of ${failed + published} entries were not published: ${codes}`);
  }
}

/**
 * Size of an entry as EventBridge documents it ("Calculating PutEvents event entry size"): the UTF-8
 * bytes of Source, DetailType, Detail and each Resources string, plus 14 bytes when Time is given.
 */
export function entrySize(entry: PutEventsRequestEntry): number {
  const bytes = (s: string | undefined) => (s === undefined ? 0 : Buffer.byteLength(s, 'utf8'));
  return (
    (entry.Time !== undefined ? 14 : 0) +
    bytes(entry.Source) +
    bytes(entry.DetailType) +
    bytes(entry.Detail) +
    (entry.Resources ?? []).reduce((sum, r) => sum + bytes(r), 0)
  );
}

type Pending = { entry: PutEventsRequestEntry; size: number; eventId: string; attempts: number };

/** Groups entries into requests within both quotas, in input order. */
export function batchesOf<T extends { size: number }>(items: T[], maxBytes = MAX_REQUEST_BYTES): T[][] {
  const batches: T[][] = [];
  let batch: T[] = [];
  let bytes = 0;
  for (const item of items) {
    if (batch.length === MAX_ENTRIES_PER_REQUEST || (batch.length > 0 && bytes + item.size > maxBytes)) {
      batches.push(batch);
      batch = [];
      bytes = 0;
    }
    batch.push(item);
    bytes += item.size;
  }
  if (batch.length > 0) batches.push(batch);
  return batches;
}

/** A request-level error that may pass on retry: throttling, a 5xx, or no response at all. */
function isTransient(error: unknown): boolean {
  const e = error as { $retryable?: unknown; $metadata?: { httpStatusCode?: number }; name?: string };
  const status = e.$metadata?.httpStatusCode;
  return Boolean(e.$retryable) || e.name === 'ThrottlingException' || status === undefined || status >= 500 || status === 429;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class CoreBankingPublisher {
  private readonly maxAttempts: number;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly concurrency: number;

  constructor(
    private readonly client: EventBridgeClient,
    private readonly busName: string,
    /** The producer's own source, `<eventSource>.<producer>` (see producer-source.ts). */
    private readonly source: string,
    options: PublisherOptions = {},
  ) {
    this.maxAttempts = Math.max(1, options.maxAttempts ?? 6);
    this.baseDelayMs = options.baseDelayMs ?? 100;
    this.maxDelayMs = options.maxDelayMs ?? 3_000;
    this.concurrency = Math.max(1, options.concurrency ?? 4);
  }

  async publish(events: CoreBankingEvent[]): Promise<PublishResult> {
    const result: PublishResult = { published: 0, requests: 0, retried: 0 };
    const failures: { eventId: string; code: string }[] = [];

    const pending = events.map((event) => this.pending(event));
    for (const p of pending) {
      if (p.size > MAX_REQUEST_BYTES) failures.push({ eventId: p.eventId, code: 'EntryTooLarge' });
    }
    const queue = batchesOf(pending.filter((p) => p.size <= MAX_REQUEST_BYTES));

    const deliver = async (initial: Pending[]) => {
      let batch = initial;
      while (batch.length > 0) {
        for (const p of batch) p.attempts += 1;
        const retry: Pending[] = [];
        result.requests += 1;
        try {
          const out = await this.client.send(new PutEventsCommand({ Entries: batch.map((p) => p.entry) }));
          const answers = out.Entries ?? [];
          batch.forEach((p, i) => {
            const answer = answers[i];
            if (answer?.EventId && !answer.ErrorCode) result.published += 1;
            else {
              const code = answer?.ErrorCode ?? 'NoResultEntry';
              if (answer?.ErrorCode && !RETRYABLE_ENTRY_ERRORS.has(code)) failures.push({ eventId: p.eventId, code });
              else if (p.attempts >= this.maxAttempts) failures.push({ eventId: p.eventId, code });
              else retry.push(p);
            }
          });
        } catch (error) {
          // A wrong bus name or a missing permission will not mend by retrying: stop at once.
          if (!isTransient(error)) throw error;
          const code = (error as Error).name || 'RequestFailed';
          for (const p of batch) {
            if (p.attempts >= this.maxAttempts) failures.push({ eventId: p.eventId, code });
            else retry.push(p);
          }
        }
        if (retry.length > 0) {
          result.retried += retry.length;
          await sleep(Math.random() * Math.min(this.maxDelayMs, this.baseDelayMs * 2 ** (retry[0]!.attempts - 1)));
        }
        batch = retry;
      }
    };

    const worker = async () => {
      for (let batch = queue.shift(); batch; batch = queue.shift()) await deliver(batch);
    };
    await Promise.all(Array.from({ length: Math.min(this.concurrency, queue.length) }, worker));

    if (failures.length > 0) {
      const errorCodes: Record<string, number> = {};
      for (const f of failures) errorCodes[f.code] = (errorCodes[f.code] ?? 0) + 1;
      throw new PublishFailedError(failures.length, errorCodes, failures.map((f) => f.eventId), result.published);
    }
    return result;
  }

  private pending(event: CoreBankingEvent): Pending {
    const entry: PutEventsRequestEntry = {
      EventBusName: this.busName,
      Source: this.source,
      DetailType: event.detailType,
      Detail: JSON.stringify(event.detail),
      // The event's own time, so that the archive and a replay place it where it happened.
      Time: new Date(event.detail.occurredAt),
    };
    return { entry, size: entrySize(entry), eventId: event.detail.eventId, attempts: 0 };
  }
}
