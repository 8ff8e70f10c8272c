// A table's stream read as an event source mapping reads it, on demand: the records written since the
// last read, shaped as Lambda hands them (local/runtime/stream-event.ts), filtered by the mapping's
// pattern, in batches. What the complaint tests and benchmark hand the router, one call at a time.
import { DescribeTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DescribeStreamCommand, DynamoDBStreamsClient, GetRecordsCommand, GetShardIteratorCommand, type _Record } from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { compilePattern } from '../eventbridge/patterns';
import { streamRecord } from '../runtime/stream-event';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from './dynamodb-local';

export class TableStream {
  private readonly iterators = new Map<string, string | undefined>();
  private readonly matches: (record: unknown) => boolean;

  private constructor(
    private readonly streams: DynamoDBStreamsClient,
    readonly streamArn: string,
    filter: unknown,
  ) {
    this.matches = filter === undefined ? () => true : compilePattern(filter);
  }

  /** `filter`: the mapping's filter pattern (EventBridge syntax over the record); none passes everything. */
  static async of(client: DynamoDBClient, tableName: string, endpoint: string, filter?: unknown): Promise<TableStream> {
    const table = await client.send(new DescribeTableCommand({ TableName: tableName }));
    const arn = table.Table?.LatestStreamArn;
    if (!arn) throw new Error(`${tableName} has no stream`);
    return new TableStream(new DynamoDBStreamsClient({ endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS }), arn, filter);
  }

  /** Every record written since the last call (all of them, filtered or not). */
  async unread(): Promise<DynamoDBRecord[]> {
    const raw: _Record[] = [];
    const out = await this.streams.send(new DescribeStreamCommand({ StreamArn: this.streamArn }));
    for (const shard of out.StreamDescription?.Shards ?? []) {
      let iterator = this.iterators.has(shard.ShardId!)
        ? this.iterators.get(shard.ShardId!)
        : (await this.streams.send(new GetShardIteratorCommand({ StreamArn: this.streamArn, ShardId: shard.ShardId, ShardIteratorType: 'TRIM_HORIZON' }))).ShardIterator;
      while (iterator) {
        const page = await this.streams.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 1000 }));
        raw.push(...(page.Records ?? []));
        iterator = page.NextShardIterator;
        if (!page.Records?.length) break;
      }
      this.iterators.set(shard.ShardId!, iterator);
    }
    return raw.map((r) => streamRecord(r, this.streamArn, LOCAL_REGION));
  }

  /** The unread records the router's mapping would pass on, in batches of `size`. */
  async pendingBatches(size = 10): Promise<DynamoDBStreamEvent[]> {
    const records = (await this.unread()).filter((r) => this.matches(r));
    const batches: DynamoDBStreamEvent[] = [];
    for (let i = 0; i < records.length; i += size) batches.push({ Records: records.slice(i, i + size) });
    return batches;
  }
}
