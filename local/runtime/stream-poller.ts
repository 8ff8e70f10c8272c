// One DynamoDB stream event source mapping at work: reads each shard in order (parents before
// children) into one queue per partition group (what a shard is to Lambda), invokes the function with
// each group's batches while reading on, checkpoints after success or before the first
// reported failure, retries a failing batch (halving it if asked) until MaximumRetryAttempts or
// MaximumRecordAgeInSeconds, then describes the discarded batch to the on-failure destination.
import {
  DescribeStreamCommand,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type _Record as StreamRecord,
  type DynamoDBStreamsClient,
  type Shard,
} from '@aws-sdk/client-dynamodb-streams';
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { randomUUID } from 'node:crypto';
import { compilePattern } from '../eventbridge/patterns';
import { queueUrlFromArn } from '../eventbridge/target-delivery';
import type { StreamEventSourceMapping } from './event-source-mappings';
import type { Invocation } from './function-pool';
import { streamBatchOutcome, streamEvent, streamRecord } from './stream-event';

export type StreamPollerOptions = {
  streams: DynamoDBStreamsClient;
  sqs: SQSClient;
  sqsEndpoint: string;
  region: string;
  functionArn: string;
  /** The table's partition (hash) key attribute. */
  partitionKey: string;
  /** Groups of partition keys processed side by side (1: strictly one batch at a time). */
  partitionGroups: number;
  invoke: (event: unknown) => Promise<Invocation>;
  onInvocationError?: (invocation: Extract<Invocation, { ok: false }>, mapping: StreamEventSourceMapping) => void;
  onPollError?: (error: Error, mapping: StreamEventSourceMapping) => void;
};

type ShardState = { shard: Shard; iterator?: string; done: boolean };
type GroupQueue = { records: { shardId: string; record: StreamRecord; readAt: number }[] };

// Lambda polls a stream's shards four times a second.
const POLL_INTERVAL_MS = 250;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class StreamPoller {
  private stopped = false;
  private readerDone?: Promise<void>;
  private groupsDone: Promise<void>[] = [];
  private readonly shards = new Map<string, ShardState>();
  private batches = 0;
  /**
   * Records read and not yet handed to the function, one queue per partition group (a shard, as
   * Lambda sees it): each has its own batching window, counted from when its oldest record was read.
   */
  private readonly queues: GroupQueue[];
  private caughtUp = false;
  /** When the latest pass that found nothing began (undefined while the latest pass found records). */
  private emptyPassBegan: number | undefined;
  private readonly filters: ((record: unknown) => boolean)[];
  private wake: (() => void)[] = [];

  constructor(
    readonly mapping: StreamEventSourceMapping,
    private readonly options: StreamPollerOptions,
  ) {
    this.filters = mapping.filterPatterns.map((p) => compilePattern(p));
    this.queues = Array.from({ length: Math.max(1, options.partitionGroups) }, () => ({ records: [] }));
  }

  private get queued() {
    return this.queues.reduce((sum, q) => sum + q.records.length, 0);
  }

  /**
   * Batches in flight, plus one while records are queued (a group's window still open) or the last
   * pass over the shards still found records. Queued records count: a 5 s window once let the stack
   * be declared idle with the month's last records read but not yet delivered.
   */
  get inFlight() {
    return this.batches + (this.queued > 0 ? 1 : 0) + (this.caughtUp ? 0 : 1);
  }

  /**
   * Whether a pass that began at or after `since` read the shards to their end and found nothing: what
   * was written before `since` has then been delivered. A disabled mapping reads nothing, ever.
   */
  drainedSince(since: number): boolean {
    if (!this.mapping.enabled) return true;
    return this.inFlight === 0 && this.emptyPassBegan !== undefined && this.emptyPassBegan >= since;
  }

  start() {
    if (!this.mapping.enabled) {
      this.caughtUp = true;
      return;
    }
    this.readerDone = this.readLoop();
    this.groupsDone = this.queues.map((queue) => this.groupLoop(queue));
  }

  async stop() {
    this.stopped = true;
    this.notify();
    await this.readerDone;
    await Promise.all(this.groupsDone);
  }

  private notify() {
    for (const wake of this.wake.splice(0)) wake();
  }

  /** Until notified (records queued, a batch taken, stop) or `ms` passed. */
  private waitForChange(ms: number) {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(done, Math.max(0, ms));
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake.push(done);
    });
  }

  /**
   * Reads the shards to their end, pass after pass, into the groups' queues. It reads on while the
   * groups' functions run: a batch being processed no longer holds up the reading (and the batching
   * window) of the next, and a slow group holds up only itself, as one shard does in Lambda. It stops
   * reading while the queues hold more than two batches per group.
   */
  private async readLoop() {
    let first = true;
    const bound = this.mapping.batchSize * this.queues.length * 2;
    while (!this.stopped) {
      try {
        if (this.queued >= bound) {
          await this.waitForChange(POLL_INTERVAL_MS);
          continue;
        }
        await this.discoverShards(first);
        first = false;
        const began = Date.now();
        const read = await this.readOnce(bound);
        this.caughtUp = read === 0;
        this.emptyPassBegan = read === 0 ? began : undefined;
        if (read === 0) await sleep(POLL_INTERVAL_MS);
      } catch (error) {
        if (this.stopped) return;
        this.options.onPollError?.(error as Error, this.mapping);
        await sleep(1000);
      }
    }
  }

  /** One pass over the readable shards into the queues; the number of records read. */
  private async readOnce(bound: number): Promise<number> {
    let read = 0;
    for (const state of this.shards.values()) {
      if (state.done || this.stopped) continue;
      const parent = state.shard.ParentShardId ? this.shards.get(state.shard.ParentShardId) : undefined;
      if (parent && !parent.done) continue;
      read += await this.readShard(state, bound);
      if (this.queued >= bound) break;
    }
    return read;
  }

  /** GetRecords until the shard has nothing more for now (or the queues are full). */
  private async readShard(state: ShardState, bound: number): Promise<number> {
    let read = 0;
    while (state.iterator && !this.stopped && this.queued < bound) {
      let out;
      try {
        out = await this.options.streams.send(new GetRecordsCommand({ ShardIterator: state.iterator, Limit: 1000 }));
      } catch (error) {
        // DynamoDB Local answers an iterator taken from a shard's trim horizon before its first record
        // with TrimmedDataAccessException for good: take the horizon again (nothing before it was read).
        if ((error as { name?: string }).name !== 'TrimmedDataAccessException' || read > 0) throw error;
        const again = await this.options.streams.send(
          new GetShardIteratorCommand({ StreamArn: this.mapping.streamArn, ShardId: state.shard.ShardId, ShardIteratorType: 'TRIM_HORIZON' }),
        );
        state.iterator = again.ShardIterator;
        break;
      }
      const got = out.Records ?? [];
      state.iterator = out.NextShardIterator;
      if (!state.iterator) state.done = true;
      if (got.length === 0) break;
      read += got.length;
      const now = Date.now();
      for (const record of got) {
        // A group's queue is in read order, parents' records before their children's: order per key.
        this.queues[this.groupOf(record)]!.records.push({ shardId: state.shard.ShardId!, record, readAt: now });
      }
      this.notify();
    }
    return read;
  }

  /**
   * One partition group: a batch once BatchSize records are queued or the oldest has waited out the
   * batching window, delivered (retried, bisected, discarded) before the group's next batch.
   */
  private async groupLoop(queue: GroupQueue) {
    const { batchSize, batchingWindowSeconds } = this.mapping;
    while (!this.stopped) {
      if (queue.records.length === 0) {
        await this.waitForChange(POLL_INTERVAL_MS);
        continue;
      }
      const due = queue.records[0]!.readAt + batchingWindowSeconds * 1000;
      if (queue.records.length < batchSize && Date.now() < due) {
        await this.waitForChange(due - Date.now());
        continue;
      }
      // Records of one shard per batch, in order (a batch never spans a shard and its child).
      const shardId = queue.records[0]!.shardId;
      let n = 0;
      while (n < queue.records.length && n < batchSize && queue.records[n]!.shardId === shardId) n++;
      const taken = queue.records.splice(0, n).map((q) => q.record);
      this.batches++;
      this.notify();
      try {
        // Records no filter matches are skipped without an invocation, as Lambda does.
        const records = taken.filter((r) => this.matches(r));
        if (records.length > 0) await this.deliver(shardId, records, 0);
      } catch (error) {
        if (!this.stopped) this.options.onPollError?.(error as Error, this.mapping);
      } finally {
        this.batches--;
      }
    }
  }

  private async discoverShards(first: boolean) {
    let start: string | undefined;
    do {
      const out = await this.options.streams.send(new DescribeStreamCommand({ StreamArn: this.mapping.streamArn, ExclusiveStartShardId: start }));
      for (const shard of out.StreamDescription?.Shards ?? []) {
        if (this.shards.has(shard.ShardId!)) continue;
        const closed = shard.SequenceNumberRange?.EndingSequenceNumber !== undefined;
        // LATEST applies to what exists when the mapping starts; shards that open later are read whole.
        const latest = first && this.mapping.startingPosition === 'LATEST';
        if (latest && closed) {
          this.shards.set(shard.ShardId!, { shard, done: true });
          continue;
        }
        const iterator = await this.options.streams.send(
          new GetShardIteratorCommand({ StreamArn: this.mapping.streamArn, ShardId: shard.ShardId, ShardIteratorType: latest ? 'LATEST' : 'TRIM_HORIZON' }),
        );
        this.shards.set(shard.ShardId!, { shard, iterator: iterator.ShardIterator, done: !iterator.ShardIterator });
      }
      start = out.StreamDescription?.LastEvaluatedShardId;
    } while (start);
  }

  private matches(record: StreamRecord) {
    if (this.filters.length === 0) return true;
    const shaped = streamRecord(record, this.mapping.streamArn, this.options.region);
    return this.filters.some((f) => f(shaped));
  }

  private groupOf(record: StreamRecord): number {
    if (this.options.partitionGroups === 1) return 0;
    const key = record.dynamodb?.Keys?.[this.options.partitionKey];
    const text = JSON.stringify(key ?? record.dynamodb?.Keys ?? {});
    let hash = 0;
    for (let i = 0; i < text.length; i++) hash = (hash * 31 + text.charCodeAt(i)) | 0;
    return Math.abs(hash) % this.options.partitionGroups;
  }

  private async deliver(shardId: string, records: StreamRecord[], attempts: number): Promise<void> {
    const { mapping } = this;
    let batch = records;
    let retries = attempts;
    for (;;) {
      if (this.stopped) return;
      const invocation = await this.options.invoke(streamEvent(batch, mapping.streamArn, this.options.region));
      if (!invocation.ok) this.options.onInvocationError?.(invocation, mapping);
      const outcome = streamBatchOutcome(
        batch.map((r) => r.dynamodb!.SequenceNumber!),
        invocation.ok ? { ok: true, result: invocation.result } : { ok: false },
        mapping.reportBatchItemFailures,
      );
      if (outcome.kind === 'done') return;
      if (outcome.kind === 'retryFrom') batch = batch.slice(outcome.index);
      if (mapping.maximumRetryAttempts >= 0 && retries >= mapping.maximumRetryAttempts) return this.discard(shardId, batch, retries + 1, 'RetryAttemptsExhausted');
      const oldest = batch[0]?.dynamodb?.ApproximateCreationDateTime;
      if (mapping.maximumRecordAgeSeconds >= 0 && oldest && Date.now() - new Date(oldest).getTime() > mapping.maximumRecordAgeSeconds * 1000) {
        return this.discard(shardId, batch, retries + 1, 'RecordAgeExceeded');
      }
      retries++;
      if (outcome.kind === 'failed' && mapping.bisectBatchOnFunctionError && batch.length > 1) {
        const half = Math.ceil(batch.length / 2);
        await this.deliver(shardId, batch.slice(0, half), retries);
        await this.deliver(shardId, batch.slice(half), retries);
        return;
      }
      await sleep(Math.min(10_000, 500 * 2 ** Math.min(retries, 5)));
    }
  }

  /** The batch is given up: its description (not its records) goes to the on-failure destination. */
  private async discard(shardId: string, batch: StreamRecord[], invokeCount: number, condition: string) {
    const destination = this.mapping.onFailureDestination;
    if (!destination?.startsWith('arn:aws:sqs:')) return;
    const time = (r?: StreamRecord) => (r?.dynamodb?.ApproximateCreationDateTime ? new Date(r.dynamodb.ApproximateCreationDateTime).toISOString() : undefined);
    const body = {
      requestContext: { requestId: randomUUID(), functionArn: this.options.functionArn, condition, approximateInvokeCount: invokeCount },
      responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
      version: '1.0',
      timestamp: new Date().toISOString(),
      DDBStreamBatchInfo: {
        shardId,
        startSequenceNumber: batch[0]?.dynamodb?.SequenceNumber,
        endSequenceNumber: batch.at(-1)?.dynamodb?.SequenceNumber,
        approximateArrivalOfFirstRecord: time(batch[0]),
        approximateArrivalOfLastRecord: time(batch.at(-1)),
        batchSize: batch.length,
        streamArn: this.mapping.streamArn,
      },
    };
    await this.options.sqs.send(new SendMessageCommand({ QueueUrl: queueUrlFromArn(destination, this.options.sqsEndpoint), MessageBody: JSON.stringify(body) }));
  }
}
