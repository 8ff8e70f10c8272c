// The real ingestion handler, driven with SQS batches, against DynamoDB Local and a local SQS.
import { ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { exampleDetails } from '../../shared/contracts/events/examples';
import { envelope, lambdaContext, sqsBatch, sqsRecord } from '../support/events';
import { createCustomerTable, createQueue, sqs, tableContents, useLocalAwsEnvironment } from '../support/local-aws';

let handler: typeof import('../../functions/ingest-events/handler').handler;
let tableName: string;
let dlqUrl: string;

beforeAll(async () => {
  useLocalAwsEnvironment();
  tableName = await createCustomerTable();
  dlqUrl = await createQueue();
  process.env.TABLE_NAME = tableName;
  process.env.REJECTED_EVENTS_QUEUE_URL = dlqUrl;
  ({ handler } = await import('../../functions/ingest-events/handler'));
});

const invoke = (records: ReturnType<typeof sqsRecord>[]) => handler(sqsBatch(records), lambdaContext('ingest-events'));

describe('ingest-events handler', () => {
  it('keeps every example event as customer records', async () => {
    const records = Object.entries(exampleDetails).map(([type, detail]) => sqsRecord(envelope(type, detail)));
    const result = await invoke(records);
    expect(result).toEqual({ batchItemFailures: [] });

    const items = await tableContents(tableName, ['C-000123']);
    const bySk = Object.fromEntries(items.map((i) => [i.SK, i]));
    expect(bySk.PROFILE).toMatchObject({ version: 2, phone: '+86 139 0013 9000', homeBranchId: 'BR-SH-001' });
    expect(bySk['ACCOUNT#A-6222-0001']).toMatchObject({ status: 'OPEN', product: 'CURRENT_ACCOUNT', balanceMinor: 8834500 });
    expect(bySk['ACCOUNT#A-6222-0002']).toMatchObject({ status: 'CLOSED', closedOn: '2026-10-30' });
    expect(bySk['ACCOUNT#L-8801-0001']).toMatchObject({ loanStatus: 'DELINQUENT_30', outstandingMinor: 4200000 });
    // Instants are kept in UTC so that the timeline sorts by time whatever offset the producer used.
    expect(bySk['TL#2026-11-03T04:14:07.000Z#evt-0005']).toMatchObject({ channel: 'ONLINE', amountMinor: 1250000, feeMinor: 500 });
    expect(bySk['TL#2026-11-05T02:20:00.000Z#evt-0008']).toMatchObject({ channel: 'PHONE', agentAssisted: true });
    expect(bySk['BAL#2026-11-03#A-6222-0001']).toMatchObject({ balanceMinor: 8834500, product: 'CURRENT_ACCOUNT' });
    expect(bySk['CONSENT#PRODUCT_OFFERS#EMAIL']).toMatchObject({ state: 'GRANTED', source: 'CORE_BANKING', changedAt: '2026-11-06T01:00:00.000Z' });
    expect(items).toHaveLength(9);
  });

  it('rejects an invalid event to the dead-letter queue with its reason, and the rest of the batch succeeds', async () => {
    const bad = { ...exampleDetails.TransactionPosted, eventId: 'evt-bad', amount: { minor: 12.5, currency: 'cny' } };
    const good = { ...exampleDetails.TransactionPosted, eventId: 'evt-good', customerId: 'C-dlq' };
    const badRecord = sqsRecord(envelope('TransactionPosted', bad));
    const result = await invoke([badRecord, sqsRecord(envelope('TransactionPosted', good))]);
    expect(result).toEqual({ batchItemFailures: [] });

    const received = await sqs().send(
      new ReceiveMessageCommand({ QueueUrl: dlqUrl, MaxNumberOfMessages: 10, MessageAttributeNames: ['All'] }),
    );
    expect(received.Messages).toHaveLength(1);
    const message = received.Messages![0]!;
    expect(message.Body).toBe(badRecord.body);
    const reason = message.MessageAttributes?.rejectionReason?.StringValue ?? '';
    expect(reason).toContain('detail.amount.minor');
    expect(reason).toContain('detail.amount.currency');
    expect(message.MessageAttributes?.originalMessageId?.StringValue).toBe(badRecord.messageId);

    expect(await tableContents(tableName, ['C-dlq'])).toHaveLength(1);
  });

  it('reports a batch item failure when a write fails, so SQS delivers that record again', async () => {
    // A table that does not exist stands in for a DynamoDB fault: the write throws and is not rejected.
    vi.resetModules();
    process.env.TABLE_NAME = 'no-such-table';
    const { handler: failing } = await import('../../functions/ingest-events/handler');
    process.env.TABLE_NAME = tableName;
    const record = sqsRecord(envelope('ChannelInteraction', { ...exampleDetails.ChannelInteraction, customerId: 'C-fault' }));
    // Every record failed: Powertools fails the invocation, so Lambda returns the whole batch to the queue.
    await expect(failing(sqsBatch([record]), lambdaContext('ingest-events'))).rejects.toThrow(/All records failed/);
    const dlq = await sqs().send(new ReceiveMessageCommand({ QueueUrl: dlqUrl, MaxNumberOfMessages: 10 }));
    expect(dlq.Messages ?? []).toHaveLength(0);
  });
});
