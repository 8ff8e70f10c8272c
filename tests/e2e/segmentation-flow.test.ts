// Segmentation end to end through the local runtime, from the real synthesized app: core-banking events
// on the bus → ingestion → the table's stream → re-evaluation → segments stored and CustomerSegmentChanged
// on the bus; the scheduled recalibration's start function fans out through the work queue; the staff
// and customer endpoints answer over HTTP.
import { CreateQueueCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { EventBridgeClient, PutEventsCommand, PutRuleCommand, PutTargetsCommand } from '@aws-sdk/client-eventbridge';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localTokens } from '../../local/apigateway';
import { startLocalStack, type RunningLocalStack } from '../../local/runtime/local-stack';
import { SegmentConfigStore } from '../../shared/adapters/segment-config';
import { SegmentStore } from '../../shared/adapters/segment-store';
import { DEFAULT_SEGMENT_PARAMETERS } from '../../shared/domain/segment-parameters';
import { handfulOfCustomers } from '../integration/segmentation/segmentation-customers';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
let stack: RunningLocalStack;
let events: EventBridgeClient;
let sqs: SQSClient;
let dynamoDb: DynamoDBClient;
let table: string;
let publishedQueueUrl: string;
const { events: bankEvents, expected } = handfulOfCustomers('BR-E2E');

beforeAll(async () => {
  stack = await startLocalStack({ assemblyDir: '.local/cdk.out-e2e-segmentation', apiPort: 0, visibilityTimeoutSeconds: 3 });
  const region = stack.endpoints.region;
  events = new EventBridgeClient({ endpoint: stack.endpoints.eventbridge, region, credentials });
  sqs = new SQSClient({ endpoint: stack.endpoints.sqs, region, credentials });
  dynamoDb = new DynamoDBClient({ endpoint: stack.endpoints.dynamodb, region, credentials });
  table = Object.entries(stack.endpoints.tables).find(([path]) => path.includes('CustomerRecords'))![1];
  // A downstream subscriber: every CustomerSegmentChanged on the bus lands in this queue.
  publishedQueueUrl = (await sqs.send(new CreateQueueCommand({ QueueName: 'segment-changes-subscriber' }))).QueueUrl!;
  const arn = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: publishedQueueUrl, AttributeNames: ['QueueArn'] }))).Attributes!.QueueArn!;
  await events.send(new PutRuleCommand({ Name: 'segment-changes', EventBusName: stack.endpoints.busName, EventPattern: JSON.stringify({ source: ['crm.segmentation'], 'detail-type': ['CustomerSegmentChanged'] }) }));
  await events.send(new PutTargetsCommand({ Rule: 'segment-changes', EventBusName: stack.endpoints.busName, Targets: [{ Id: 'subscriber', Arn: arn }] }));

  for (let i = 0; i < bankEvents.length; i += 10) {
    const out = await events.send(
      new PutEventsCommand({
        Entries: bankEvents.slice(i, i + 10).map((e) => ({ EventBusName: stack.endpoints.busName, Source: 'core.banking', DetailType: e.detailType, Detail: JSON.stringify(e.detail) })),
      }),
    );
    expect(out.FailedEntryCount).toBe(0);
  }
  // The stream mapping batches for a few seconds: wait until every customer has a segment.
  const store = new SegmentStore(dynamoDb, table);
  for (const started = Date.now(); Date.now() - started < 120_000; ) {
    await stack.waitForIdle({ timeoutMs: 30_000 });
    const segments = await Promise.all(Object.keys(expected).map(async (c) => (await store.assignment(c))?.segment));
    if (segments.every(Boolean)) break;
    await new Promise((r) => setTimeout(r, 1_000));
  }
}, 600_000);

afterAll(async () => {
  events?.destroy();
  sqs?.destroy();
  dynamoDb?.destroy();
  await stack?.stop();
});

describe('segmentation through the local stack', () => {
  it('ends each customer in its segment', async () => {
    const store = new SegmentStore(dynamoDb, table);
    for (const [customerId, segment] of Object.entries(expected)) expect((await store.assignment(customerId))?.segment, customerId).toBe(segment);
  });

  it('puts one CustomerSegmentChanged per customer on the bus', async () => {
    const received: Record<string, any>[] = [];
    for (let i = 0; i < 10 && received.length < Object.keys(expected).length; i++) {
      const out = await sqs.send(new ReceiveMessageCommand({ QueueUrl: publishedQueueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }));
      received.push(...(out.Messages ?? []).map((m) => JSON.parse(m.Body!)));
    }
    expect(received.map((e) => e.detail.customerId).sort()).toEqual(Object.keys(expected).sort());
    expect(received.every((e) => e['detail-type'] === 'CustomerSegmentChanged' && e.source === 'crm.segmentation')).toBe(true);
  });

  it('recalibrates when the schedule fires', async () => {
    const outcome = await stack.invoke('segmentation-recalibration-start', { time: new Date().toISOString(), 'detail-type': 'Scheduled Event', source: 'aws.events' });
    expect(outcome.ok).toBe(true);
    await stack.waitForIdle({ timeoutMs: 60_000 });
    const config = await new SegmentConfigStore(dynamoDb, table, DEFAULT_SEGMENT_PARAMETERS).current({ fresh: true });
    expect(config.calibratedAt).not.toBeNull();
    expect(config.positiveContributors).toBe(3); // the two MVC customers and the growable one
  });

  it('answers staff and the customer over HTTP', async () => {
    const tokens = localTokens();
    const staff = await fetch(`${stack.endpoints.api}/customers/C-BZ1/segment`, { headers: { Authorization: `Bearer ${tokens.mint({ groups: ['relationship-manager'] })}`, 'X-Break-Glass-Reason': 'end-to-end test of the pipeline' } });
    expect(staff.status).toBe(200);
    expect(((await staff.json()) as { segment: string }).segment).toBe('BZ');
    const mine = await fetch(`${stack.endpoints.api}/me/service-tier`, { headers: { Authorization: `Bearer ${tokens.mint({ groups: ['customer'], customerId: 'C-MVC1' })}` } });
    expect(mine.status).toBe(200);
    expect(((await mine.json()) as { tier: { code: string } }).tier.code).toBe('PREMIER');
  });
});
