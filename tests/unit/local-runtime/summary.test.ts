// The main job's summary, read from tables in DynamoDB Local: record counts by kind, the segment
// distribution, complaint queues, dead-letter depths.
import { BatchWriteItemCommand, CreateTableCommand } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { RunningLocalStack } from '../../../local/runtime/local-stack';
import { buildSummary, formatSummary } from '../../../local/runtime/summary';
import { dynamoDb } from '../../support/local-aws';

const keyed = (TableName: string) => ({
  TableName,
  BillingMode: 'PAY_PER_REQUEST' as const,
  AttributeDefinitions: [
    { AttributeName: 'PK', AttributeType: 'S' as const },
    { AttributeName: 'SK', AttributeType: 'S' as const },
  ],
  KeySchema: [
    { AttributeName: 'PK', KeyType: 'HASH' as const },
    { AttributeName: 'SK', KeyType: 'RANGE' as const },
  ],
});

async function put(client: ReturnType<typeof dynamoDb>, table: string, items: Record<string, unknown>[]) {
  for (let i = 0; i < items.length; i += 25) {
    await client.send(new BatchWriteItemCommand({ RequestItems: { [table]: items.slice(i, i + 25).map((item) => ({ PutRequest: { Item: marshall(item) } })) } }));
  }
}

describe('the summary', () => {
  it('counts records by kind, customers by segment, complaints by queue and dead letters', async () => {
    const client = dynamoDb();
    const [records, complaints] = [`records-${randomUUID()}`, `complaints-${randomUUID()}`];
    await client.send(new CreateTableCommand(keyed(records)));
    await client.send(new CreateTableCommand(keyed(complaints)));
    const customers = ['C-000002', 'C-000001', 'C-000003'];
    await put(client, records, [
      ...customers.map((id) => ({ PK: `CUSTOMER#${id}`, SK: 'PROFILE' })),
      { PK: 'CUSTOMER#C-000001', SK: 'ACCOUNT#A-1' },
      ...Array.from({ length: 30 }, (_, i) => ({ PK: 'CUSTOMER#C-000001', SK: `TL#2026-10-${String(1 + (i % 28)).padStart(2, '0')}T00:00:00.000Z#e${i}` })),
      { PK: 'CUSTOMER#C-000001', SK: 'SEGMENT', segment: 'MVC' },
      { PK: 'CUSTOMER#C-000001', SK: 'SEGMENT#00000001', segment: 'STANDARD' },
      { PK: 'CUSTOMER#C-000002', SK: 'SEGMENT', segment: 'BZ' },
      { PK: 'CUSTOMER#C-000003', SK: 'SEGMENT', segment: 'MVC' },
    ]);
    await put(client, complaints, [
      { PK: 'COMPLAINT#1', SK: 'COMPLAINT', queueStatus: 'DISPUTES#ROUTED' },
      { PK: 'COMPLAINT#1', SK: 'HISTORY#00000001' },
      { PK: 'COMPLAINT#2', SK: 'COMPLAINT', queueStatus: 'DISPUTES#ACKNOWLEDGED' },
      { PK: 'COMPLAINT#3', SK: 'COMPLAINT', queueStatus: 'DIGITAL#ROUTED' },
      { PK: 'COMPLAINT#4', SK: 'COMPLAINT' },
    ]);
    const dlq = { logicalId: 'Dlq', name: 'dlq', arn: 'arn', url: 'url', attributes: {} };
    const stack = {
      tables: [records, complaints].map((TableName, i) => ({ logicalId: `T${i}`, input: { ...keyed(TableName) } })),
      deadLetterQueues: [dlq],
      queueDepths: async () => [{ queue: dlq, depth: { visible: 2, inFlight: 1, delayed: 0 } }],
      stack: { template: { Resources: { Dlq: { Type: 'AWS::SQS::Queue', Metadata: { 'aws:cdk:path': 'Crm-dev/EventIngestion/DeadLetterQueue/Resource' } } } } },
    } as unknown as RunningLocalStack;

    const text = formatSummary(await buildSummary({ stack, dynamoDb: client }));
    expect(text).toContain('The stack declares no REST API yet.');
    expect(text).toContain('customers 3 · accounts 1 · timeline entries 30 · daily balances 0 · loan status changes 0');
    expect(text).toContain('Segments (3 customers assigned)');
    expect(text).toContain('MVC 2 (66.7%) · BZ 1 (33.3%)');
    expect(text).toContain('Complaint queues (4 complaints)');
    expect(text).toMatch(/DISPUTES\s+acknowledged 1 · routed 1/);
    expect(text).toMatch(/DIGITAL\s+routed 1/);
    expect(text).toMatch(/NOT ROUTED\s+received 1/);
    expect(text).toContain('EventIngestion/DeadLetterQueue: 3 message(s)');
  });
});
