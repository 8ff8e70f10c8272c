// Fineract through the whole local stack and a real ActiveMQ: messages Fineract would send arrive as
// customer records; a poison message ends in the stack's dead-letter queue with its reason while its
// batch goes on; the same messages twice and out of order leave the same records. Savings and loan
// transactions sent right after their account's activation are often mapped before the AccountOpened is
// ingested (four consumers take the queue at once): they are parked and released, so the release path
// runs here too.
import { DynamoDBClient, QueryCommand } from '@aws-sdk/client-dynamodb';
import { ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { staffRead } from '../support/staff-read';
import type { FunctionLogLine } from '../../local/runtime/function-pool';
import { stompConnect, type StompConnection } from '../../local/activemq/stomp-client';
import { startLocalStack, type RunningLocalStack } from '../../local/runtime/local-stack';
import {
  clientData,
  delinquencyData,
  fineractMessage,
  loanAccountData,
  loanTransactionData,
  savingsAccountData,
  savingsTransactionData,
  type FineractMessageSpec,
} from '../../local/simulator/fineract-messages';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
let stack: RunningLocalStack;
let dynamoDb: DynamoDBClient;
let sqs: SQSClient;
let broker: StompConnection;
let queue: string;
const failures: FunctionLogLine[] = [];

beforeAll(async () => {
  stack = await startLocalStack({
    assemblyDir: '.local/cdk.out-fineract',
    // The run's DynamoDB Local and SQS (tests/support/global-setup.ts) under a prefix of its own.
    dynamoDbEndpoint: inject('dynamoDbEndpoint'),
    sqsEndpoint: inject('sqsEndpoint'),
    resourcePrefix: `f${randomUUID().slice(0, 8)}-`,
    apiPort: 0,
    // Two environments per function: on two shared cores four cold starts at once only slow each other.
    concurrency: 2, visibilityTimeoutSeconds: 3, mqRedelivery: { maximumRedeliveries: 2, redeliveryDelayMs: 200 },
    // Failed invocations and failed records: none is expected, and when one comes its reason is in the failure.
    logs: (line) => {
      if (/"level":"ERROR"/.test(line.text)) failures.push(line);
    },
  });
  dynamoDb = new DynamoDBClient({ endpoint: stack.endpoints.dynamodb, region: stack.endpoints.region, credentials });
  sqs = new SQSClient({ endpoint: stack.endpoints.sqs, region: stack.endpoints.region, credentials });
  const mq = stack.endpoints.activemq!;
  queue = mq.queues[0]!;
  broker = await stompConnect({ host: mq.host, port: mq.stompPort });
}, 240_000);

afterAll(async () => {
  await broker?.close();
  dynamoDb?.destroy();
  sqs?.destroy();
  await stack?.stop();
});

/** One client's life in Fineract: onboarding, a savings account and a loan, in Fineract's order. */
function lifeOf(tenantId: string): FineractMessageSpec[] {
  const at = (n: number) => `2026-11-03T04:${String(10 + n).padStart(2, '0')}:07.123456`;
  const specs: Omit<FineractMessageSpec, 'tenantId' | 'createdAt'>[] = [
    { schema: 'client', type: 'ClientCreateBusinessEvent', id: 101, payload: clientData({ id: 7, email: 'li.wei@example.com' }) },
    { schema: 'client', type: 'ClientActivateBusinessEvent', id: 102, payload: clientData({ id: 7, email: 'li.wei@example.com', mobileNo: '+86 138 0013 8000' }) },
    { schema: 'savingsAccount', type: 'SavingsActivateBusinessEvent', id: 103, payload: savingsAccountData({ id: 5, clientId: 7 }) },
    { schema: 'savingsTransaction', type: 'SavingsDepositBusinessEvent', id: 104, payload: savingsTransactionData({ id: 90, accountId: 5, kind: 'deposit', amount: '1250.50', runningBalance: '1250.50', paymentType: 'Cash', cash: true }) },
    { schema: 'savingsTransaction', type: 'SavingsWithdrawalBusinessEvent', id: 105, payload: savingsTransactionData({ id: 91, accountId: 5, kind: 'withdrawal', amount: '200.00', runningBalance: '1050.50', paymentType: 'ATM' }) },
    { schema: 'loanAccount', type: 'LoanDisbursalBusinessEvent', id: 106, payload: loanAccountData({ id: 8, clientId: 7, status: 'active', outstanding: '50000.00' }) },
    { schema: 'loanTransaction', type: 'LoanTransactionMakeRepaymentPostBusinessEvent', id: 107, payload: loanTransactionData({ id: 300, loanId: 8, kind: 'repayment', amount: '1500.00', outstanding: '48500.00' }) },
    { schema: 'delinquency', type: 'LoanDelinquencyRangeChangeBusinessEvent', id: 108, payload: delinquencyData({ loanId: 8, delinquentDate: '2026-10-03', overdue: '3000.00' }) },
  ];
  return specs.map((s, i) => ({ ...s, tenantId, createdAt: at(i) }));
}

const send = async (messages: Buffer[]) => {
  for (const m of messages) await broker.send(`/queue/${queue}`, m);
};

async function records(customerId: string) {
  const out = await dynamoDb.send(
    new QueryCommand({ TableName: stack.tables[0]!.input.TableName!, KeyConditionExpression: 'PK = :pk', ExpressionAttributeValues: { ':pk': { S: `CUSTOMER#${customerId}` } }, ConsistentRead: true }),
  );
  return (out.Items ?? []).map((i) => unmarshall(i));
}

const idle = async () => {
  const report = await stack.waitForIdle({ timeoutMs: 100_000, settleMs: 1000 });
  expect(report.busy).toEqual([]);
  expect(failures.map((f) => `${f.functionName}: ${f.text.slice(0, 400)}`)).toEqual([]);
};

const api = (path: string) => staffRead(stack.api!.url, path);

// What ingestion writes from the events; segmentation's own items (contributions, segment history) are
// computed when figures change, so they depend on the order the figures came in, by design.
const EVENT_RECORDS = /^(PROFILE|ACCOUNT#|TL#|BAL#|LOAN#)/;

describe('Fineract through ActiveMQ', () => {
  it('turns the messages Fineract sends into customer records, readable through the API', async () => {
    await send(lifeOf('bank-a').map(fineractMessage));
    await idle();
    const customerId = 'fineract:bank-a:client:7';
    const view = await api(`/customers/${encodeURIComponent(customerId)}`);
    expect(view.profile).toMatchObject({ fullName: 'Li Wei', version: 102, phone: '+86 138 0013 8000', homeBranchId: 'fineract:bank-a:office:1' });
    const holdings = Object.fromEntries(view.holdings.map((h: { accountId: string }) => [h.accountId, h]));
    expect(holdings['fineract:bank-a:savings:5']).toMatchObject({ status: 'OPEN', product: 'SAVINGS', currency: 'CNY', latestBalance: { minor: 105050, currency: 'CNY', asOf: '2026-11-03' } });
    expect(holdings['fineract:bank-a:loan:8']).toMatchObject({ status: 'OPEN', product: 'PERSONAL_LOAN', loan: { status: 'DELINQUENT_30', daysPastDue: 31 } });
    const timeline = await api(`/customers/${encodeURIComponent(customerId)}/timeline?limit=100`);
    expect(timeline.entries.map((e: { kind: string; direction: string; amount: { minor: number } }) => [e.kind, e.direction, e.amount.minor]).sort()).toEqual([
      ['CASH_DEPOSIT', 'CREDIT', 125050],
      ['CASH_WITHDRAWAL', 'DEBIT', 20000],
      ['LOAN_REPAYMENT', 'CREDIT', 150000],
    ]);
    // Nothing stays parked: every entry that waited for its account was released and applied.
    const parked = await dynamoDb.send(
      new QueryCommand({ TableName: stack.tables[0]!.input.TableName!, KeyConditionExpression: 'PK = :pk', ExpressionAttributeValues: { ':pk': { S: 'PARKED#fineract:bank-a:savings:5' } }, ConsistentRead: true }),
    );
    expect(parked.Items ?? []).toEqual([]);
    // The first case carries the cold starts of every function on the path (seconds each on a loaded machine).
  }, 120_000);

  it('dead-letters a poison message with its reason, and the rest of its batch goes on', async () => {
    const good = fineractMessage({ schema: 'client', type: 'ClientCreateBusinessEvent', id: 201, tenantId: 'bank-p', payload: clientData({ id: 9 }) });
    await send([Buffer.from('this is not a Fineract message'), good]);
    await idle();
    expect((await records('fineract:bank-p:client:9')).map((i) => i.SK)).toContain('PROFILE');
    const dlq = stack.queues.find((q) => q.logicalId.startsWith('FineractRejectedMessages'))!;
    const out = await sqs.send(new ReceiveMessageCommand({ QueueUrl: dlq.url, MaxNumberOfMessages: 10, MessageAttributeNames: ['All'], WaitTimeSeconds: 1 }));
    expect(out.Messages).toHaveLength(1);
    const [dead] = out.Messages!;
    expect(dead!.MessageAttributes?.rejectedBy?.StringValue).toBe('fineract-events');
    expect(dead!.MessageAttributes?.rejectionReason?.StringValue).toMatch(/^message is (truncated|not a MessageV1)/);
    // The body keeps the message as it came, to redrive it to the broker once the cause is fixed.
    expect(Buffer.from(JSON.parse(dead!.Body!).data, 'base64').toString()).toBe('this is not a Fineract message');
  });

  it('leaves the same records whether messages come in order, out of order or twice', async () => {
    const messages = lifeOf('bank-o').map(fineractMessage);
    await send([...messages].reverse());
    await idle();
    await send([...messages, ...messages.slice(2, 5)]);
    await idle();
    const normalise = (items: Record<string, unknown>[], tenant: string) =>
      items
        .filter((i) => EVENT_RECORDS.test(String(i.SK)))
        .map((i) => JSON.parse(JSON.stringify(i).replaceAll(`fineract:${tenant}:`, 'fineract:T:')))
        .sort((a, b) => String(a.SK).localeCompare(String(b.SK)));
    const inOrder = normalise(await records('fineract:bank-a:client:7'), 'bank-a');
    const shuffled = normalise(await records('fineract:bank-o:client:7'), 'bank-o');
    expect(inOrder.map((i) => i.SK)).toEqual(expect.arrayContaining(['PROFILE', 'ACCOUNT#fineract:T:savings:5', 'ACCOUNT#fineract:T:loan:8']));
    expect(shuffled).toEqual(inOrder);
  });
});
