// One SQS event source mapping at work: pollers receive batches (batch size and batching window
// honoured), invoke the function with the SQS event, and delete what succeeded. What is not deleted
// comes back after the queue's visibility timeout; past maxReceiveCount, SQS moves it to the DLQ.
import { DeleteMessageBatchCommand, ReceiveMessageCommand, type Message, type SQSClient } from '@aws-sdk/client-sqs';
import { compilePattern } from '../eventbridge/patterns';
import type { SqsEventSourceMapping } from './event-source-mappings';
import type { Invocation } from './function-pool';
import { sqsEvent, succeededMessageIds } from './sqs-event';

export type SqsPollerOptions = {
  sqs: SQSClient;
  region: string;
  invoke: (event: unknown) => Promise<Invocation>;
  /** Concurrent pollers, each with at most one batch in flight. */
  pollers: number;
  onInvocationError?: (invocation: Extract<Invocation, { ok: false }>, mapping: SqsEventSourceMapping) => void;
  onPollError?: (error: Error, mapping: SqsEventSourceMapping) => void;
};

/** A queue with no message received for this long is long-polled by one poller only. */
const IDLE_AFTER_MS = 5_000;
// Lambda stops filling a batch at 6 MB of payload.
const MAX_BATCH_BYTES = 6 * 1024 * 1024;
const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const onAbort = () => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });

export class SqsPoller {
  private readonly abort = new AbortController();
  private readonly loops: Promise<void>[] = [];
  private batches = 0;
  /** When a poller last received messages. */
  private lastReceived = 0;
  private readonly filters: ((record: unknown) => boolean)[];

  constructor(
    readonly mapping: SqsEventSourceMapping,
    private readonly options: SqsPollerOptions,
  ) {
    this.filters = mapping.filterPatterns.map((p) => compilePattern(p));
  }

  /** Batches received and not yet settled (invoked and deleted, or left for redelivery). */
  get inFlight() {
    return this.batches;
  }

  start() {
    if (!this.mapping.enabled) return;
    for (let i = 0; i < Math.max(1, this.options.pollers); i++) this.loops.push(this.loop(i));
  }

  async stop() {
    this.abort.abort();
    await Promise.all(this.loops);
  }

  private async loop(index: number) {
    const { signal } = this.abort;
    while (!signal.aborted) {
      try {
        // An idle queue is long-polled by one poller; the others join as soon as it finds messages, as
        // Lambda adds pollers to a queue with a backlog. local-aws-sqs wakes every pending long poll
        // every 10 ms to look through the queue: four pollers on five idle queues were 2,000 wake-ups
        // a second on the runtime's main thread.
        if (index > 0 && Date.now() - this.lastReceived > IDLE_AFTER_MS) {
          await sleep(100, signal);
          continue;
        }
        const batch = await this.receiveBatch(signal);
        if (batch.length === 0) continue;
        this.lastReceived = Date.now();
        this.batches++;
        try {
          await this.process(batch);
        } finally {
          this.batches--;
        }
      } catch (error) {
        if (signal.aborted) return;
        this.options.onPollError?.(error as Error, this.mapping);
        await sleep(1000, signal);
      }
    }
  }

  private async receive(max: number, waitSeconds: number, signal: AbortSignal): Promise<Message[]> {
    const out = await this.options.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: this.mapping.queue.url,
        MaxNumberOfMessages: Math.min(10, max),
        WaitTimeSeconds: waitSeconds,
        // local-aws-sqs answers ApproximateReceiveCount only when asked through AttributeNames.
        AttributeNames: ['All'],
        MessageAttributeNames: ['All'],
      }),
      { abortSignal: signal },
    );
    return out.Messages ?? [];
  }

  /**
   * Without a batching window, what is there once a message is; with one, receive until the batch is
   * full, the window (counted from the first message) has passed, or the batch holds 6 MB.
   *
   * The long poll asks for one message. SQS answers a long poll as soon as it has any message;
   * local-aws-sqs holds it until it has MaxNumberOfMessages or the wait is over, so asking for ten
   * left a queue holding three waiting out the whole second, batch after batch (the tail of a drain,
   * every low-volume queue). What else is there is taken right after with a receive that does not wait.
   */
  private async receiveBatch(signal: AbortSignal): Promise<Message[]> {
    const { batchSize, batchingWindowSeconds } = this.mapping;
    const first = await this.receive(1, 1, signal);
    if (first.length === 0 || batchSize === 1) return first;
    // Keyed by message id: a message whose visibility timeout ends while the window is still open is
    // received again; it is one record, with the newest receipt handle.
    const batch = new Map(first.map((m) => [m.MessageId!, m]));
    if (batchingWindowSeconds === 0) {
      for (const m of await this.receive(batchSize - 1, 0, signal)) batch.set(m.MessageId!, m);
      return [...batch.values()];
    }
    const deadline = Date.now() + batchingWindowSeconds * 1000;
    let bytes = first.reduce((sum, m) => sum + Buffer.byteLength(m.Body ?? ''), 0);
    while (batch.size < batchSize && Date.now() < deadline && bytes < MAX_BATCH_BYTES && !signal.aborted) {
      const more = await this.receive(batchSize - batch.size, 0, signal);
      if (more.length === 0) await sleep(Math.min(50, deadline - Date.now()), signal);
      for (const m of more) {
        if (!batch.has(m.MessageId!)) bytes += Buffer.byteLength(m.Body ?? '');
        batch.set(m.MessageId!, m);
      }
    }
    return [...batch.values()];
  }

  private matchesFilters(message: Message): boolean {
    if (this.filters.length === 0) return true;
    let body: unknown = message.Body;
    try {
      body = JSON.parse(message.Body ?? '');
    } catch {
      // A body that is not JSON is matched as a string.
    }
    const record = { ...sqsEvent([message], this.mapping.queue.arn, this.options.region).Records[0], body };
    return this.filters.some((matches) => matches(record));
  }

  private async process(messages: Message[]) {
    const { mapping } = this;
    // Lambda deletes messages that match no filter without invoking the function.
    const passing = messages.filter((m) => this.matchesFilters(m));
    const filteredOut = messages.filter((m) => !passing.includes(m));
    await this.delete(filteredOut);
    if (passing.length === 0) return;

    const invocation = await this.options.invoke(sqsEvent(passing, mapping.queue.arn, this.options.region));
    if (!invocation.ok) this.options.onInvocationError?.(invocation, mapping);
    const succeeded = new Set(
      succeededMessageIds(
        passing.map((m) => m.MessageId!),
        invocation.ok ? { ok: true, result: invocation.result } : { ok: false },
        mapping.reportBatchItemFailures,
      ),
    );
    await this.delete(passing.filter((m) => succeeded.has(m.MessageId!)));
  }

  private async delete(messages: Message[]) {
    for (let i = 0; i < messages.length; i += 10) {
      const chunk = messages.slice(i, i + 10);
      await this.options.sqs.send(
        new DeleteMessageBatchCommand({
          QueueUrl: this.mapping.queue.url,
          Entries: chunk.map((m, j) => ({ Id: String(j), ReceiptHandle: m.ReceiptHandle! })),
        }),
      );
    }
  }
}
