// The analytics' reads (complaint-insights only): the daily counters the complaints' own writes keep
// (FIGURES#<yyyy-mm> / <yyyy-mm-dd>#<shard>, complaint-store.ts, complaint-figures.ts), and the open
// complaints overdue now from the byQueue index. Neither reads the complaints of the range: a year is at
// most 13 Queries of 8 small items a day, and overdue costs what is overdue, not what was received.
import { type AttributeValue, type DynamoDBClient, QueryCommand, type QueryCommandInput } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { COMPLAINT_QUEUES } from '../domain/complaints/categories';
import { OPEN_STATUSES } from '../domain/complaints/complaint';
import { FIGURES_PREFIX, INDEXES, queueStatusKey, UNROUTED_PARTITION } from './complaint-table-keys';

const S = (s: string): AttributeValue => ({ S: s });

export class ComplaintFigureStore {
  /** DynamoDB requests made by this instance (the bench reports them). */
  requests = 0;

  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
  ) {}

  /** The counters of every complaint received from day `from` to day `to` (yyyy-mm-dd), summed: one Query per month, in parallel. */
  async countersBetween(from: string, to: string): Promise<Record<string, number>> {
    const months: string[] = [];
    for (let d = new Date(`${from.slice(0, 7)}-01T00:00:00Z`); d.toISOString().slice(0, 10) <= to; d.setUTCMonth(d.getUTCMonth() + 1)) {
      months.push(d.toISOString().slice(0, 7));
    }
    const sum: Record<string, number> = {};
    await Promise.all(
      months.map(async (month) => {
        for await (const item of this.query({
          KeyConditionExpression: 'PK = :pk AND SK BETWEEN :from AND :to',
          ExpressionAttributeValues: { ':pk': S(`${FIGURES_PREFIX}${month}`), ':from': S(`${from}#`), ':to': S(`${to}#~`) },
        })) {
          for (const [name, value] of Object.entries(unmarshall(item))) {
            if (typeof value === 'number') sum[name] = (sum[name] ?? 0) + value;
          }
        }
      }),
    );
    return sum;
  }

  /**
   * Open complaints received from day `from` to day `to` whose next due time is before `now`. The byQueue
   * index keys a routed complaint by its queue and status and sorts it by that due time: one counting
   * Query per queue and open status reads only those overdue. Complaints not routed yet (the seconds
   * between intake and routing) sit in one partition by receipt and are few: read and judged here.
   */
  async overdueBetween(from: string, to: string, now: string): Promise<number> {
    const { name, pk, sk } = INDEXES.byQueue;
    const received = { ':from': S(from), ':to': S(`${to}T23:59:59.999Z#~`) };
    const routedOpen = OPEN_STATUSES.filter((s) => s !== 'RECEIVED');
    const counts = await Promise.all([
      ...COMPLAINT_QUEUES.flatMap((queue) =>
        routedOpen.map(async (status) => {
          let n = 0;
          for await (const page of this.pages({
            IndexName: name,
            KeyConditionExpression: `${pk} = :pk AND ${sk} < :now`,
            FilterExpression: 'receivedKey BETWEEN :from AND :to',
            ExpressionAttributeValues: { ':pk': S(queueStatusKey(queue, status)), ':now': S(`${now}#`), ...received },
            Select: 'COUNT',
          })) {
            n += page.Count ?? 0;
          }
          return n;
        }),
      ),
      (async () => {
        let n = 0;
        for await (const item of this.query({
          IndexName: name,
          KeyConditionExpression: `${pk} = :pk AND ${sk} BETWEEN :from AND :to`,
          ExpressionAttributeValues: { ':pk': S(UNROUTED_PARTITION), ...received },
          ProjectionExpression: 'complaint.deadlines.ACKNOWLEDGEMENT.dueAt',
        })) {
          const due = unmarshall(item).complaint?.deadlines?.ACKNOWLEDGEMENT?.dueAt as string | undefined;
          if (due && due < now) n++;
        }
        return n;
      })(),
    ]);
    return counts.reduce((a, b) => a + b, 0);
  }

  private async *pages(input: Omit<QueryCommandInput, 'TableName' | 'ExclusiveStartKey'>) {
    let start: Record<string, AttributeValue> | undefined;
    do {
      this.requests++;
      const out = await this.client.send(new QueryCommand({ ...input, TableName: this.tableName, ExclusiveStartKey: start }));
      yield out;
      start = out.LastEvaluatedKey;
    } while (start);
  }

  private async *query(input: Omit<QueryCommandInput, 'TableName' | 'ExclusiveStartKey'>) {
    for await (const page of this.pages(input)) yield* page.Items ?? [];
  }
}
