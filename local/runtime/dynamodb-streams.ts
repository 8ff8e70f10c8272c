// DynamoDB Streams event source mappings, run locally against DynamoDB Local's streams API: each shard
// is read in order, records are filtered by the mapping's FilterCriteria (as Lambda does, on the record
// as the function would receive it; filtered records are dropped), batched (BatchSize, batching
// window), and the function is invoked. With ReportBatchItemFailures the shard resumes from the
// reported sequence number; a batch that keeps failing past MaximumRetryAttempts goes to the OnFailure
// destination (SQS), as a description of the batch, like Lambda's, and the shard moves on.
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type _Record as StreamRecord,
} from '@aws-sdk/client-dynamodb-streams';
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { DynamoDBRecord } from 'aws-lambda';
import { compilePattern } from '../eventbridge/patterns';
import type { FunctionDefinition } from './functions';
import type { Invocation } from './function-pool';
import type { LocalResources } from './local-resources';
import type { QueueDefinition } from './queues';
import { resourcesOfType, type CfnTemplate } from './template';

export type StreamEventSourceMapping = {
  logicalId: string;
  functionLogicalId: string;
  streamArn: string;
  batchSize: number;
  batchingWindowSeconds: number;
  startingPosition: 'TRIM_HORIZON' | 'LATEST';
  reportBatchItemFailures: boolean;
  /** -1: retry until the record expires (locally: forever). */
  maximumRetryAttempts: number;
  onFailureQueue?: QueueDefinition;
  filterPatterns: unknown[];
  enabled: boolean;
};

/** The mappings whose source is a DynamoDB table stream of this stack. */
export function streamEventSourceMappings(
  template: CfnTemplate,
  resources: LocalResources,
  functions: FunctionDefinition[],
  queues: QueueDefinition[],
): StreamEventSourceMapping[] {
  const out: StreamEventSourceMapping[] = [];
  for (const { logicalId, resource } of resourcesOfType(template, 'AWS::Lambda::EventSourceMapping')) {
    const p = resources.resolve<Record<string, any>>(resource.Properties ?? {});
    const sourceArn = String(p.EventSourceArn ?? '');
    if (!/:dynamodb:.*\/stream\//.test(sourceArn)) continue;
    const functionName = String(p.FunctionName ?? '');
    const fn = functions.find((f) => f.name === functionName || f.arn === functionName || functionName.endsWith(`:function:${f.name}`));
    if (!fn) continue;
    const destination = p.DestinationConfig?.OnFailure?.Destination as string | undefined;
    out.push({
      logicalId,
      functionLogicalId: fn.logicalId,
      streamArn: sourceArn,
      batchSize: Number(p.BatchSize ?? 100),
      batchingWindowSeconds: Number(p.MaximumBatchingWindowInSeconds ?? 0),
      startingPosition: p.StartingPosition === 'LATEST' ? 'LATEST' : 'TRIM_HORIZON',
      reportBatchItemFailures: ((p.FunctionResponseTypes as string[] | undefined) ?? []).includes('ReportBatchItemFailures'),
      maximumRetryAttempts: Number(p.MaximumRetryAttempts ?? -1),
      onFailureQueue: destination ? queues.find((q) => q.arn === destination) : undefined,
      filterPatterns: ((p.FilterCriteria?.Filters ?? []) as { Pattern?: string }[]).map((f) => JSON.parse(f.Pattern ?? '{}')),
      enabled: p.Enabled !== false && p.Enabled !== 'false',
    });
  }
  return out;
}

/** A stream record as Lambda delivers it (dates as epoch seconds, the source ARN added). */
export function lambdaStreamRecord(r: StreamRecord, streamArn: string, region: string): DynamoDBRecord {
  const d = r.dynamodb ?? {};
  const created = d.ApproximateCreationDateTime;
  return {
    eventID: r.eventID,
    eventName: r.eventName as DynamoDBRecord['eventName'],
    eventVersion: r.eventVersion ?? '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: region,
    eventSourceARN: streamArn,
    dynamodb: {
      ...(created ? { ApproximateCreationDateTime: Math.floor(new Date(created).getTime() / 1000) } : {}),
      Keys: d.Keys as never,
      ...(d.NewImage ? { NewImage: d.NewImage as never } : {}),
      ...(d.OldImage ? { OldImage: d.OldImage as never } : {}),
      SequenceNumber: d.SequenceNumber,
      SizeBytes: d.SizeBytes,
      StreamViewType: d.StreamViewType as never,
    },
  };
}

/** Every record the stream holds now, shard by shard, in order (tests and tools). */
export async function readWholeStream(client: DynamoDBStreamsClient, streamArn: string, region = 'us-east-1'): Promise<DynamoDBRecord[]> {
  const out: DynamoDBRecord[] = [];
  const shards = (await client.send(new DescribeStreamCommand({ StreamArn: streamArn }))).StreamDescription?.Shards ?? [];
  for (const shard of shards) {
    let iterator = (await client.send(new GetShardIteratorCommand({ StreamArn: streamArn, ShardId: shard.ShardId!, ShardIteratorType: 'TRIM_HORIZON' }))).ShardIterator;
    while (iterator) {
      const page = await client.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 1000 }));
      out.push(...(page.Records ?? []).map((r) => lambdaStreamRecord(r, streamArn, region)));
      if (!page.Records?.length) break; // an open shard never ends: stop at its current end
      iterator = page.NextShardIterator;
    }
  }
  return out;
}

export type StreamPollerOptions = {
  streams: DynamoDBStreamsClient;
  sqs: SQSClient;
  region: string;
  invoke: (event: unknown) => Promise<Invocation>;
  onError?: (message: string) => void;
  pollIntervalMs?: number;
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class DynamoDbStreamPoller {
  private stopped = false;
  private running?: Promise<void>;
  private batches = 0;
  private readonly filters: ((record: unknown) => boolean)[];
  /** Shard → sequence number after which reading resumes. */
  private readonly positions = new Map<string, string | undefined>();
  private readonly iterators = new Map<string, string | undefined>();
  private readonly pending = new Map<string, DynamoDBRecord[]>();

  constructor(
    readonly mapping: StreamEventSourceMapping,
    private readonly options: StreamPollerOptions,
  ) {
    this.filters = mapping.filterPatterns.map((p) => compilePattern(p));
  }

  get inFlight() {
    return this.batches + [...this.pending.values()].reduce((n, r) => n + r.length, 0);
  }

  start() {
    if (this.mapping.enabled) this.running = this.loop();
  }

  async stop() {
    this.stopped = true;
    await this.running;
  }

  private matches(record: DynamoDBRecord) {
    return this.filters.length === 0 || this.filters.some((f) => f(record));
  }

  private async loop() {
    const interval = this.options.pollIntervalMs ?? 200;
    while (!this.stopped) {
      try {
        const shards = (await this.options.streams.send(new DescribeStreamCommand({ StreamArn: this.mapping.streamArn }))).StreamDescription?.Shards ?? [];
        let readAny = false;
        for (const shard of shards) {
          if (this.stopped) break;
          readAny = (await this.pollShard(shard.ShardId!)) || readAny;
        }
        if (!readAny) await sleep(interval);
      } catch (error) {
        this.options.onError?.(`Stream ${this.mapping.logicalId}: ${(error as Error).message}`);
        await sleep(1_000);
      }
    }
  }

  private async iteratorFor(shardId: string): Promise<string | undefined> {
    if (this.iterators.has(shardId) && this.iterators.get(shardId)) return this.iterators.get(shardId);
    const after = this.positions.get(shardId);
    const out = await this.options.streams.send(
      new GetShardIteratorCommand({
        StreamArn: this.mapping.streamArn,
        ShardId: shardId,
        ...(after
          ? { ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: after }
          : { ShardIteratorType: this.positions.has(shardId) ? 'TRIM_HORIZON' : this.mapping.startingPosition }),
      }),
    );
    this.positions.set(shardId, after);
    return out.ShardIterator;
  }

  /** Reads what the shard has, fills and delivers batches; true when records were read. */
  private async pollShard(shardId: string): Promise<boolean> {
    const iterator = await this.iteratorFor(shardId);
    if (!iterator) return false;
    const page = await this.options.streams.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 1000 }));
    this.iterators.set(shardId, page.NextShardIterator);
    const records = (page.Records ?? []).map((r) => lambdaStreamRecord(r, this.mapping.streamArn, this.options.region));
    const buffer = this.pending.get(shardId) ?? [];
    for (const r of records) {
      if (this.matches(r)) buffer.push(r);
      else if (buffer.length === 0) this.positions.set(shardId, r.dynamodb?.SequenceNumber);
    }
    this.pending.set(shardId, buffer);
    if (buffer.length === 0) return records.length > 0;
    // The batching window: wait for more unless the batch is full.
    if (buffer.length < this.mapping.batchSize && this.mapping.batchingWindowSeconds > 0 && records.length > 0) {
      await sleep(Math.min(this.mapping.batchingWindowSeconds * 1000, 500));
      return true;
    }
    while (buffer.length > 0 && !this.stopped) {
      const batch = buffer.slice(0, this.mapping.batchSize);
      const delivered = await this.deliver(batch);
      buffer.splice(0, delivered);
      this.positions.set(shardId, batch[delivered - 1]?.dynamodb?.SequenceNumber ?? this.positions.get(shardId));
    }
    return true;
  }

  /** Invokes until the batch succeeds or retries run out; returns how many records are settled. */
  private async deliver(batch: DynamoDBRecord[]): Promise<number> {
    this.batches += 1;
    try {
      let records = batch;
      for (let attempt = 0; ; attempt++) {
        const outcome = await this.options.invoke({ Records: records });
        let failedFrom = -1;
        if (!outcome.ok) failedFrom = 0;
        else if (this.mapping.reportBatchItemFailures) {
          const failures = ((outcome.result as { batchItemFailures?: { itemIdentifier?: string }[] } | null)?.batchItemFailures ?? []).map((f) => f.itemIdentifier);
          if (failures.length > 0) {
            const indexes = failures.map((id) => records.findIndex((r) => r.dynamodb?.SequenceNumber === id));
            // An identifier that names no record of the batch fails the whole batch, as on Lambda.
            failedFrom = indexes.some((i) => i < 0) ? 0 : Math.min(...indexes);
          }
        }
        if (failedFrom < 0) return batch.length;
        records = records.slice(failedFrom);
        if (this.mapping.maximumRetryAttempts >= 0 && attempt >= this.mapping.maximumRetryAttempts) {
          await this.sendToOnFailure(records, outcome);
          return batch.length;
        }
        await sleep(Math.min(100 * 2 ** attempt, 2_000));
      }
    } finally {
      this.batches -= 1;
    }
  }

  private async sendToOnFailure(records: DynamoDBRecord[], outcome: Invocation) {
    const queue = this.mapping.onFailureQueue;
    const first = records[0]?.dynamodb?.SequenceNumber;
    const last = records.at(-1)?.dynamodb?.SequenceNumber;
    this.options.onError?.(`Stream ${this.mapping.logicalId}: records ${first}…${last} failed past their retries${queue ? `; sent to ${queue.name}` : ''}`);
    if (!queue) return;
    await this.options.sqs.send(
      new SendMessageCommand({
        QueueUrl: queue.url,
        MessageBody: JSON.stringify({
          requestContext: { condition: outcome.ok ? 'RetryAttemptsExhausted' : 'RetriesExhausted', approximateInvokeCount: this.mapping.maximumRetryAttempts + 1 },
          responseContext: outcome.ok ? {} : { functionError: outcome.error.errorType },
          DDBStreamBatchInfo: {
            shardId: 'local',
            startSequenceNumber: first,
            endSequenceNumber: last,
            batchSize: records.length,
            streamArn: this.mapping.streamArn,
          },
        }),
      }),
    );
  }
}

export function startDynamoDbStreamPollers(
  mappings: StreamEventSourceMapping[],
  options: Omit<StreamPollerOptions, 'invoke' | 'streams'> & { endpoint: string; invoke: (functionLogicalId: string, event: unknown) => Promise<Invocation> },
) {
  const streams = new DynamoDBStreamsClient({ region: options.region, endpoint: options.endpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  const pollers = mappings.map((m) => new DynamoDbStreamPoller(m, { ...options, streams, invoke: (event) => options.invoke(m.functionLogicalId, event) }));
  for (const p of pollers) p.start();
  return {
    pollers,
    stop: async () => {
      await Promise.all(pollers.map((p) => p.stop()));
      streams.destroy();
    },
  };
}
