// Puts core-banking events on an EventBridge bus with PutEvents: batches of at most 10 entries and
// under 256 KB, a few requests in flight, and failed entries resent with backoff. EventBridge accepts
// a request and still fails single entries (FailedEntryCount), so the response is read entry by entry.
import { type EventBridgeClient, PutEventsCommand, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { CORE_BANKING_SOURCE, type CoreBankingEvent } from '../../shared/contracts/events';

// The quotas and the entry size as EventBridge counts them: one definition, the connectors' publisher's.
import { entrySize, MAX_ENTRIES_PER_REQUEST, MAX_REQUEST_BYTES } from '../../shared/connectors/adapters/core-banking-publisher';
export { entrySize, MAX_ENTRIES_PER_REQUEST, MAX_REQUEST_BYTES };

/** Entry error codes EventBridge documents as worth retrying; any other code will fail again. */
const RETRYABLE_ENTRY_ERRORS = new Set(['InternalFailure', 'ThrottlingException']);

/** Entry error codes that every other entry would meet too (same bus, same source): stop the run. */
const RUN_FATAL_ENTRY_ERRORS = new Set(['ResourceNotFoundException', 'AccessDeniedException', 'NotAuthorizedForSourceException']);

export type SendProgress = { sent: number; failed: number; requests: number };

export type SendOptions = {
  client: EventBridgeClient;
  busName: string;
  source?: string;
  /** PutEvents requests in flight at once. */
  concurrency?: number;
  /** Attempts per entry, the first included, before it is reported failed. */
  maxAttempts?: number;
  /** First backoff; doubled per attempt, with full jitter, up to `maxDelayMs`. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  onProgress?: (progress: SendProgress) => void;
};

export type EntryFailure = { eventId: string; detailType: string; errorCode: string; errorMessage?: string };

export type SendResult = SendProgress & {
  /** Entries sent again after a failed attempt (an entry retried twice counts twice). */
  retries: number;
  /** The first failures, for the report (at most 20). */
  failures: EntryFailure[];
};

type Pending = { entry: PutEventsRequestEntry; size: number; eventId: string; detailType: string; attempts: number };

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A request-level error that may pass on retry: throttling, 5xx, or no response at all. */
function isTransient(error: unknown): boolean {
  const e = error as { $retryable?: unknown; $metadata?: { httpStatusCode?: number }; name?: string };
  const status = e.$metadata?.httpStatusCode;
  return Boolean(e.$retryable) || e.name === 'ThrottlingException' || status === undefined || status >= 500 || status === 429;
}

export async function sendToBus(events: Iterable<CoreBankingEvent>, options: SendOptions): Promise<SendResult> {
  const source = options.source ?? CORE_BANKING_SOURCE;
  const concurrency = Math.max(1, options.concurrency ?? 4);
  const maxAttempts = Math.max(1, options.maxAttempts ?? 8);
  const baseDelayMs = options.baseDelayMs ?? 100;
  const maxDelayMs = options.maxDelayMs ?? 5_000;
  const result: SendResult = { sent: 0, failed: 0, requests: 0, retries: 0, failures: [] };

  const fail = (p: Pending, errorCode: string, errorMessage?: string) => {
    result.failed += 1;
    if (result.failures.length < 20) result.failures.push({ eventId: p.eventId, detailType: p.detailType, errorCode, errorMessage });
  };

  const source$ = events[Symbol.iterator]();
  let carried: Pending | undefined; // read from the stream but did not fit the previous batch
  let exhausted = false;

  const toPending = (event: CoreBankingEvent): Pending => {
    const entry: PutEventsRequestEntry = {
      EventBusName: options.busName,
      Source: source,
      DetailType: event.detailType,
      Detail: JSON.stringify(event.detail),
      // The event's own time, so that archives and replays order it where it happened.
      Time: new Date(event.detail.occurredAt),
    };
    return { entry, size: entrySize(entry), eventId: event.detail.eventId, detailType: event.detailType, attempts: 0 };
  };

  /** Next batch from the stream. Synchronous, so workers never interleave inside it. */
  const nextBatch = (): Pending[] => {
    const batch: Pending[] = [];
    let bytes = 0;
    while (batch.length < MAX_ENTRIES_PER_REQUEST) {
      let p = carried;
      carried = undefined;
      if (!p) {
        if (exhausted) break;
        const next = source$.next();
        if (next.done) {
          exhausted = true;
          break;
        }
        p = toPending(next.value);
      }
      if (p.size >= MAX_REQUEST_BYTES) {
        fail(p, 'EntryTooLarge', `entry of ${p.size} bytes exceeds the ${MAX_REQUEST_BYTES}-byte request limit`);
        continue;
      }
      if (bytes + p.size >= MAX_REQUEST_BYTES) {
        carried = p;
        break;
      }
      batch.push(p);
      bytes += p.size;
    }
    return batch;
  };

  let aborted: unknown;

  /** Sends one batch until every entry is accepted or has failed for good. */
  const deliver = async (initial: Pending[]) => {
    let batch = initial;
    while (batch.length > 0 && aborted === undefined) {
      for (const p of batch) p.attempts += 1;
      let retry: Pending[] = [];
      try {
        result.requests += 1;
        const out = await options.client.send(new PutEventsCommand({ Entries: batch.map((p) => p.entry) }));
        const entries = out.Entries ?? [];
        batch.forEach((p, i) => {
          const answer = entries[i];
          if (answer?.ErrorCode && RUN_FATAL_ENTRY_ERRORS.has(answer.ErrorCode) && aborted === undefined) {
            aborted = Object.assign(new Error(answer.ErrorMessage ?? answer.ErrorCode), { name: answer.ErrorCode });
          }
          if (answer && !answer.ErrorCode && answer.EventId) result.sent += 1;
          else if (answer?.ErrorCode && !RETRYABLE_ENTRY_ERRORS.has(answer.ErrorCode)) fail(p, answer.ErrorCode, answer.ErrorMessage);
          else if (p.attempts >= maxAttempts) fail(p, answer?.ErrorCode ?? 'NoResult', answer?.ErrorMessage ?? 'no result entry');
          else retry.push(p);
        });
      } catch (error) {
        if (!isTransient(error)) {
          aborted = error; // a wrong bus name or missing permission will not mend by retrying
          return;
        }
        for (const p of batch) {
          if (p.attempts >= maxAttempts) fail(p, (error as Error).name ?? 'RequestFailed', (error as Error).message);
          else retry.push(p);
        }
      }
      options.onProgress?.({ sent: result.sent, failed: result.failed, requests: result.requests });
      if (retry.length > 0) {
        result.retries += retry.length;
        const attempt = retry[0]!.attempts;
        await sleep(Math.random() * Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1)));
      }
      batch = retry;
    }
  };

  const worker = async () => {
    while (aborted === undefined) {
      const batch = nextBatch();
      if (batch.length === 0) return;
      await deliver(batch);
    }
  };

  await Promise.all(Array.from({ length: concurrency }, worker));
  if (aborted !== undefined) {
    const e = aborted as Error;
    throw new Error(`PutEvents to bus '${options.busName}' failed: ${e.name}: ${e.message}`, { cause: aborted });
  }
  return result;
}
