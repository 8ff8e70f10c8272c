// One DynamoDB stream event source mapping at work: reads each shard in order (parents before
// children), invokes the function with batches, checkpoints after success or before the first
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

// Lambda polls a stream's shards four times a second.
const POLL_INTERVAL_MS = 250;
/** How often the shards are listed again while every known one is still open. */
const REDISCOVER_SHARDS_MS = 5_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class StreamPoller {
  private stopped = false;
  private loopDone?: Promise<void>;
  private readonly shards = new Map<string, ShardState>();
  private batches = 0;
  /** Records read and not yet delivered: a batch waiting out its batching window. */
  private gathered = 0;
  private caughtUp = false;
  /** A shard was read to its end since the shards were last listed: its child may be there. */
  private shardEnded = false;
  /** When the latest pass that found nothing began (undefined while the latest pass found records). */
  private emptyPassBegan: number | undefined;
  private readonly filters: ((record: unknown) => boolean)[];

  constructor(
    readonly mapping: StreamEventSourceMapping,
    private readonly options: StreamPollerOptions,
  ) {
    this.filters = mapping.filterPatterns.map((p) => compilePattern(p));
  }

  /**
   * Batches in flight, plus one while a batch is being gathered (its window still open) or the last
   * pass over the shards still found records. Gathering counts: a 5 s window once let the stack be
   * declared idle with the month's last records read but not yet delivered.
   */
  get inFlight() {
    return this.batches + (this.gathered > 0 ? 1 : 0) + (this.caughtUp ? 0 : 1);
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
    if (this.mapping.enabled) this.loopDone = this.loop();
    else this.caughtUp = true;
  }

  async stop() {
    this.stopped = true;
    await this.loopDone;
  }

  private async loop() {
    let first = true;
    let discoveredAt = 0;
    while (!this.stopped) {
      try {
        // New shards appear when one ends (its child takes over) or, rarely, on their own: the shards
        // are listed again when a shard has ended, and otherwise every few seconds, not on every pass
        // (a DescribeStream four times a second per stream, for DynamoDB Local's JVM to answer).
        const open = [...this.shards.values()].some((s) => !s.done);
        if (first || !open || this.shardEnded || Date.now() - discoveredAt >= REDISCOVER_SHARDS_MS) {
          this.shardEnded = false;
          await this.discoverShards(first);
          discoveredAt = Date.now();
        }
        first = false;
        const began = Date.now();
        const read = await this.readOnce();
        // A pass that reached a shard's end has not read its child yet: not an empty pass.
        const empty = read === 0 && !this.shardEnded;
        this.caughtUp = empty;
        this.emptyPassBegan = empty ? began : undefined;
        if (empty) await sleep(POLL_INTERVAL_MS);
      } catch (error) {
        this.gathered = 0;
        if (this.stopped) return;
        this.options.onPollError?.(error as Error, this.mapping);
        await sleep(1000);
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

  /** One pass over the readable shards; the number of records read. */
  private async readOnce(): Promise<number> {
    let read = 0;
    for (const state of this.shards.values()) {
      if (state.done || this.stopped) continue;
      const parent = state.shard.ParentShardId ? this.shards.get(state.shard.ParentShardId) : undefined;
      if (parent && !parent.done) continue;
      const records = await this.readBatch(state);
      read += records.length;
      if (records.length > 0) {
        this.batches++;
        this.gathered = 0;
        try {
          await this.process(state.shard.ShardId!, records);
        } finally {
          this.batches--;
        }
      }
    }
    return read;
  }

  /** Up to BatchSize records per partition group, waiting up to the batching window for more. */
  private async readBatch(state: ShardState): Promise<StreamRecord[]> {
    const { batchingWindowSeconds } = this.mapping;
    const batchSize = this.mapping.batchSize * this.options.partitionGroups;
    const records: StreamRecord[] = [];
    const deadline = Date.now() + batchingWindowSeconds * 1000;
    while (state.iterator && records.length < batchSize && !this.stopped) {
      let out;
      try {
        out = await this.options.streams.send(new GetRecordsCommand({ ShardIterator: state.iterator, Limit: Math.min(1000, batchSize - records.length) }));
      } catch (error) {
        // DynamoDB Local answers an iterator taken from a shard's trim horizon before its first record
        // with TrimmedDataAccessException for good: take the horizon again (nothing before it was read).
        if ((error as { name?: string }).name !== 'TrimmedDataAccessException' || records.length > 0) throw error;
        const again = await this.options.streams.send(
          new GetShardIteratorCommand({ StreamArn: this.mapping.streamArn, ShardId: state.shard.ShardId, ShardIteratorType: 'TRIM_HORIZON' }),
        );
        state.iterator = again.ShardIterator;
        break;
      }
      const got = out.Records ?? [];
      records.push(...got);
      this.gathered = records.length;
      state.iterator = out.NextShardIterator;
      if (!state.iterator) {
        state.done = true;
        this.shardEnded = true;
      }
      if (got.length > 0) continue;
      // Nothing more for now: a batch that has begun waits out the window, an empty one returns.
      if (records.length === 0 || Date.now() >= deadline) break;
      await sleep(Math.min(POLL_INTERVAL_MS, deadline - Date.now()));
    }
    return records;
  }

  private matches(record: StreamRecord) {
    if (this.filters.length === 0) return true;
    const shaped = streamRecord(record, this.mapping.streamArn, this.options.region);
    return this.filters.some((f) => f(shaped));
  }

  private async process(shardId: string, all: StreamRecord[]) {
    // Records no filter matches are skipped without an invocation, as Lambda does.
    const records = all.filter((r) => this.matches(r));
    // Split by partition key into groups run side by side, each in order, in batches of BatchSize:
    // what a table's several shards (and ParallelizationFactor) give Lambda, where DynamoDB Local
    // has a single shard. Order holds per partition key, which is all that DynamoDB Streams promises.
    const groups = Array.from({ length: this.options.partitionGroups }, () => [] as StreamRecord[]);
    for (const record of records) groups[this.groupOf(record)]!.push(record);
    await Promise.all(
      groups.map(async (group) => {
        for (let i = 0; i < group.length; i += this.mapping.batchSize) await this.deliver(shardId, group.slice(i, i + this.mapping.batchSize), 0);
      }),
    );
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
